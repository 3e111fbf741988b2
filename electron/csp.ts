/**
 * The Content Security Policy of every page of the workbench: sent as a header by the
 * Electron shell (session.webRequest) and by the browser-mode server, and kept as a meta
 * tag in index.html too. Only the app's own scripts run; nothing is fetched from outside.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
