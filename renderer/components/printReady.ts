/**
 * When a print view is ready to print: its document is mounted, no API call is still waiting for
 * its answer (a chart's second query, the signature settings…), the fonts are loaded and the
 * browser has laid it out. Then the page says so — `data-print-ready` on <html>, and in the app
 * `printReady()` to the shell, which prints the window to PDF only then. In browser mode the
 * print button opens the view in the same tab (the session stays in this page's memory) and
 * the browser's print dialog opens once the view is ready.
 */
import { useEffect } from 'react';
import { api } from '../api/client';

let browserPrintRoute: string | null = null;

/** Browser mode: the next print view shown for this route opens the print dialog when ready. */
export function printWhenReady(route: string): void {
  browserPrintRoute = route;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function settled(isCancelled: () => boolean): Promise<void> {
  // Wait until two frames pass with nothing in flight (a call's answer may start another call).
  for (;;) {
    await api.whenIdle();
    await document.fonts?.ready;
    await frame();
    await frame();
    if (isCancelled() || api.pending() === 0) return;
  }
}

/** Marks the print view ready once its data is rendered (used by PrintDocument). */
export function usePrintReady(): void {
  useEffect(() => {
    let cancelled = false;
    const root = document.documentElement;
    void settled(() => cancelled).then(() => {
      if (cancelled) return;
      root.dataset.printReady = 'true';
      void api.bridge()?.printReady();
      const route = location.hash.replace(/^#/, '');
      if (browserPrintRoute !== null && browserPrintRoute === route) {
        browserPrintRoute = null;
        window.print();
      }
    });
    return () => {
      cancelled = true;
      delete root.dataset.printReady;
    };
  }, []);
}
