/** IPC channel names shared by the shell and the preload (kept free of Node imports for the sandboxed preload). */
export const CHANNELS = {
  invoke: 'wb:invoke',
  job: 'wb:job',
  openFile: 'wb:open-file',
  saveFile: 'wb:save-file',
  printToPdf: 'wb:print-to-pdf',
  printReady: 'wb:print-ready',
} as const;
