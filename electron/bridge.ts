/**
 * What the preload exposes to the page, written against contextBridge and
 * ipcRenderer passed in, so a test can check the surface with fakes:
 * invoke, onJob, file dialogs, print-to-PDF and the print view's 「ready」 —
 * never ipcRenderer itself.
 */
import { CHANNELS } from './channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (e: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (e: unknown, payload: unknown) => void): unknown;
}

export function makeBridge(ipc: IpcRendererLike) {
  return Object.freeze({
    isElectron: true as const,
    invoke: (method: string, input: unknown, token: string | null) =>
      ipc.invoke(CHANNELS.invoke, String(method), input, token),
    onJob: (listener: (e: unknown) => void) => {
      const wrapped = (_e: unknown, payload: unknown) => listener(payload);
      ipc.on(CHANNELS.job, wrapped);
      return () => void ipc.removeListener(CHANNELS.job, wrapped);
    },
    openFile: (o: unknown) => ipc.invoke(CHANNELS.openFile, o),
    saveFile: (o: unknown) => ipc.invoke(CHANNELS.saveFile, o),
    // The caller's session goes to the main process, which hands it to the print window.
    printToPdf: (o: unknown, token: string | null) => ipc.invoke(CHANNELS.printToPdf, o, token),
    printReady: () => ipc.invoke(CHANNELS.printReady),
  });
}

export function exposeBridge(
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void },
  ipc: IpcRendererLike,
): void {
  contextBridge.exposeInMainWorld('workbench', makeBridge(ipc));
}
