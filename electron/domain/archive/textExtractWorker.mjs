// Extracts text from a PDF (unpdf) or .docx (mammoth) in a worker thread and
// hands it back to a caller that waits synchronously (see textExtract.ts):
// both libraries are asynchronous, the router's handlers are not.
// Plain JavaScript so it runs without a TypeScript loader in development; bundled with
// unpdf and mammoth inlined for the app.
import { workerData } from 'node:worker_threads';

const { port, signal, type, bytes } = workerData;

async function extract() {
  if (type === 'pdf') {
    const { getDocumentProxy, extractText } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: true });
    return { text: Array.isArray(text) ? text.join('\n') : String(text ?? ''), pages: pdf.numPages };
  }
  if (type === 'docx') {
    const mod = await import('mammoth');
    const mammoth = mod.default ?? mod;
    const r = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return { text: String(r.value ?? '') };
  }
  throw new Error('unsupported type ' + type);
}

// No top-level await: the product bundles this file to CommonJS (scripts/build-electron.mjs).
extract()
  .then(
    (r) => port.postMessage({ ok: true, ...r }),
    (err) => port.postMessage({ ok: false, message: String((err && err.message) || err) }),
  )
  .finally(() => {
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
    port.close();
  });
