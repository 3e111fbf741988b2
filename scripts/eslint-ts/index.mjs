// typescript-eslint with TypeScript 6. This package depends on typescript@6 so
// that typescript-eslint's peer resolves here, not to the root's TypeScript 7
// (native, without the JavaScript API typescript-eslint parses with). One of
// its helpers, ts-api-utils, is hoisted to the root by npm and would find
// TypeScript 7 there: requests for `typescript` from typescript-eslint's own
// packages are pointed at this package's copy before they load.
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const typescript6 = require.resolve('typescript');
const fromTypescriptEslint = /[\\/]node_modules[\\/](ts-api-utils|@typescript-eslint|typescript-eslint)[\\/]/;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent?.filename && fromTypescriptEslint.test(parent.filename)) return typescript6;
  return resolve.call(this, request, parent, ...rest);
};

const { default: tseslint } = await import('typescript-eslint');
export default tseslint;
