/**
 * The renderer's one way to the backend. Two transports, one interface:
 * the Electron preload bridge (window.workbench) or HTTP on 127.0.0.1 in browser mode.
 * Types come from the contract; nothing here imports Node.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Input, JobEvent, MethodName, Output, Result } from '@contract';

export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Transport {
  invoke(method: string, input: unknown, token: string | null): Promise<Result<unknown>>;
  onJob(listener: (e: JobEvent) => void): () => void;
  /** Told when the session token changes (browser mode reopens its event stream with it). */
  setToken?(token: string | null): void;
  /** Resolves once job events can be received (so no event of a job just started is missed). */
  ready?(): Promise<void>;
}

/** What the preload exposes (electron/preload.ts). */
export interface WorkbenchBridge {
  invoke(method: string, input: unknown, token: string | null): Promise<Result<unknown>>;
  onJob(listener: (e: JobEvent) => void): () => void;
  openFile(options: { title?: string; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
  saveFile(options: {
    title?: string;
    defaultPath?: string;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<string | null>;
  /** Prints a print view to a PDF chosen in a save dialog; the caller's session token goes with it (never in a URL). */
  printToPdf(
    options: { route: string; landscape?: boolean; defaultName?: string },
    token: string | null,
  ): Promise<string | null>;
  /** Tells the shell that this window's print view has its data rendered. */
  printReady(): Promise<void>;
  isElectron: true;
}

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

/**
 * Browser mode without this launch's key (the page was opened from an address without
 * ?launch=, or the server was restarted): nothing can work, so the whole window says how
 * to open it properly instead of showing empty pages.
 */
function showLaunchRequired(message: string): void {
  if (typeof document === 'undefined' || document.getElementById('wb-launch-required')) return;
  const box = document.createElement('div');
  box.id = 'wb-launch-required';
  box.setAttribute('role', 'alert');
  box.style.cssText =
    'position:fixed;inset:0;z-index:10000;background:#fff;display:flex;flex-direction:column;align-items:center;' +
    'justify-content:center;gap:12px;padding:24px;text-align:center;font-size:16px;color:#1f1f1f';
  const title = document.createElement('div');
  title.style.cssText = 'font-size:20px;font-weight:600';
  title.textContent = '请用启动时显示的地址打开工作台';
  const text = document.createElement('div');
  text.textContent = `${message}。地址形如 http://127.0.0.1:5710/?launch=…，在启动工作台的命令窗口中可以找到；重新启动后要用新的地址。`;
  box.append(title, text);
  document.body.append(box);
}

function httpTransport(): Transport {
  const listeners = new Set<(e: JobEvent) => void>();
  // Job events arrive as a server-sent event stream read with fetch, so the session
  // token can travel in a header (EventSource cannot send one, and never in the URL).
  let stream: { abort: AbortController; ready: Promise<void> } | null = null;
  let streamToken: string | null = null;
  const dispatch = (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (!line.startsWith('data: ')) continue;
      const e = JSON.parse(line.slice(6)) as JobEvent;
      for (const l of listeners) l(e);
    }
  };
  const connect = () => {
    stream?.abort.abort();
    const abort = new AbortController();
    const headers: Record<string, string> = streamToken ? { 'x-workbench-token': streamToken } : {};
    const mine: { abort: AbortController; ready: Promise<void> } = { abort, ready: Promise.resolve() };
    const ended = () => {
      if (stream === mine) stream = null;
    };
    mine.ready = new Promise<void>((resolve) => {
      fetch('/api/events', { headers, signal: abort.signal })
        .then(async (res) => {
          resolve();
          if (!res.ok || !res.body) return ended();
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let i: number;
            while ((i = buf.indexOf('\n\n')) >= 0) {
              dispatch(buf.slice(0, i));
              buf = buf.slice(i + 2);
            }
          }
          ended();
        })
        .catch(() => {
          resolve();
          ended();
        });
    });
    stream = mine;
  };
  const ensureEvents = () => {
    if (!stream && typeof fetch !== 'undefined' && typeof TextDecoderStream !== 'undefined') connect();
  };
  return {
    async invoke(method, input, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers['x-workbench-token'] = token;
      let res: Response;
      try {
        res = await fetch('/api/call', { method: 'POST', headers, body: JSON.stringify({ method, input }) });
      } catch {
        return { ok: false, error: { code: 'offline', message: '无法连接到工作台后台，请确认程序仍在运行' } };
      }
      if (!res.ok && res.status !== 200) {
        const text = await res.text();
        try {
          const r = JSON.parse(text) as Result<unknown>;
          if (!r.ok && r.error.code === 'launch_required') showLaunchRequired(r.error.message.replace(/（.*）$/, ''));
          return r;
        } catch {
          return { ok: false, error: { code: 'http_' + res.status, message: `后台返回错误（${res.status}）` } };
        }
      }
      return (await res.json()) as Result<unknown>;
    },
    onJob(listener) {
      ensureEvents();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        // Nobody listens any more: the stream is closed (an open one keeps the page from ever being idle).
        if (listeners.size === 0 && stream) {
          stream.abort.abort();
          stream = null;
        }
      };
    },
    setToken(t) {
      if (t === streamToken) return;
      streamToken = t;
      // A stream opened for the previous user (or for nobody) is replaced.
      if (stream) connect();
    },
    ready() {
      ensureEvents();
      return stream?.ready ?? Promise.resolve();
    },
  };
}

function bridgeTransport(b: WorkbenchBridge): Transport {
  return { invoke: (m, i, t) => b.invoke(m, i, t), onJob: (l) => b.onJob(l) };
}

const transport: Transport =
  typeof window !== 'undefined' && window.workbench ? bridgeTransport(window.workbench) : httpTransport();

let token: string | null = null;
const authListeners = new Set<(code: string, message: string) => void>();
/** Calls sent and not yet answered (a print view is ready when none are left). */
let inFlight = 0;
const idleListeners = new Set<() => void>();

/**
 * The data version: raised by every write that succeeded and every job that
 * finished, so each page that shows data asks for it again (useCall) — the
 * 首页 after 载入示例数据, a report after an import — without a manual reload.
 */
let dataVersion = 0;
const versionListeners = new Set<() => void>();
export function dataChanged(): void {
  dataVersion++;
  for (const l of [...versionListeners]) l();
}
export function useDataVersion(): number {
  return useSyncExternalStore(
    (l) => {
      versionListeners.add(l);
      return () => versionListeners.delete(l);
    },
    () => dataVersion,
  );
}

async function invokeCounted(method: string, input: unknown): Promise<Result<unknown>> {
  inFlight++;
  try {
    return await transport.invoke(method, input, token);
  } finally {
    if (--inFlight === 0) for (const l of [...idleListeners]) l();
  }
}

export const api = {
  /** Calls one API method; rejects with ApiError carrying the Chinese message. */
  async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const r = await invokeCounted(method, input);
    if (r.ok && r.changed) queueMicrotask(dataChanged);
    if (!r.ok) {
      if (r.error.code === 'login_required') for (const l of authListeners) l(r.error.code, r.error.message);
      throw new ApiError(r.error.code, r.error.message, r.error.details);
    }
    return r.value as Output<M>;
  },
  /** Calls a method by a name not known at compile time (generic grids, exports). */
  async callAny<T = unknown>(method: string, input: unknown): Promise<T> {
    return api.call(method as MethodName, input as never) as Promise<T>;
  },
  async startJob(name: string, input: unknown): Promise<string> {
    await transport.ready?.();
    const r = await transport.invoke('jobs.start', { name, input }, token);
    if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
    return (r.value as { jobId: string }).jobId;
  },
  async cancelJob(jobId: string): Promise<void> {
    await transport.invoke('jobs.cancel', { jobId }, token);
  },
  onJob(listener: (e: JobEvent) => void): () => void {
    return transport.onJob(listener);
  },
  setToken(t: string | null) {
    token = t;
    transport.setToken?.(t);
  },
  getToken() {
    return token;
  },
  /** Told when the backend says a login is needed (session expired, login switched on). */
  onAuthRequired(l: (code: string, message: string) => void): () => void {
    authListeners.add(l);
    return () => authListeners.delete(l);
  },
  /** Resolves when no call is waiting for its answer. */
  whenIdle(): Promise<void> {
    if (inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        idleListeners.delete(done);
        resolve();
      };
      idleListeners.add(done);
    });
  },
  pending(): number {
    return inFlight;
  },
  /**
   * Hands a file the clerk picked in the page to the backend for import. Browser mode streams
   * it to POST /api/upload (into the uploads folder, never whole in memory); the Electron
   * window sends its bytes over IPC. Answers where the backend keeps it.
   */
  async upload(file: File): Promise<{ file: string; fileName: string; size: number; hash: string }> {
    if (api.bridge())
      return api.call('imports.upload', { fileName: file.name, contentBase64: await fileToBase64(file) });
    let res: Response;
    try {
      res = await fetch('/api/upload?name=' + encodeURIComponent(file.name), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...(token ? { 'x-workbench-token': token } : {}) },
        body: file,
      });
    } catch {
      throw new ApiError('offline', '无法连接到工作台后台，请确认程序仍在运行');
    }
    let r: Result<{ file: string; fileName: string; size: number; hash: string }>;
    try {
      r = await res.json();
    } catch {
      throw new ApiError('http_' + res.status, `上传失败（${res.status}）`);
    }
    if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
    return r.value;
  },
  bridge(): WorkbenchBridge | null {
    return typeof window !== 'undefined' && window.workbench ? window.workbench : null;
  },
};

/** Runs a job and resolves with its result; progress events go to onProgress. */
export function runJob<T = unknown>(
  name: string,
  input: unknown,
  onEvent?: (e: JobEvent) => void,
): { jobId: Promise<string>; done: Promise<T> } {
  let resolveId!: (id: string) => void;
  const jobId = new Promise<string>((r) => (resolveId = r));
  const done = new Promise<T>((resolve, reject) => {
    let id: string | null = null;
    const early: JobEvent[] = [];
    const handle = (e: JobEvent) => {
      if (id === null) {
        early.push(e);
        return;
      }
      if (e.jobId !== id) return;
      onEvent?.(e);
      if (e.type === 'done') {
        off();
        resolve(e.result as T);
        dataChanged();
      } else if (e.type === 'failed') {
        off();
        reject(new ApiError(e.error.code, e.error.message, e.error.details));
      } else if (e.type === 'cancelled') {
        off();
        reject(new ApiError('cancelled', '已取消，未写入任何数据'));
      }
    };
    const off = api.onJob(handle);
    api
      .startJob(name, input)
      .then((jid) => {
        id = jid;
        resolveId(jid);
        for (const e of early.splice(0)) handle(e);
      })
      .catch((err) => {
        off();
        reject(err);
      });
  });
  return { jobId, done };
}

/** Loads a method's result for a component; reloads when deps change. */
export function useCall<M extends MethodName>(method: M, input: Input<M> | null, deps: unknown[] = []) {
  const [data, setData] = useState<Output<M> | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const seq = useRef(0);
  const inputRef = useRef(input);
  inputRef.current = input;
  const version = useDataVersion();
  const lastVersion = useRef(version);
  const reload = useCallback(() => {
    if (inputRef.current === null) return;
    const n = ++seq.current;
    setLoading(true);
    api
      .call(method, inputRef.current)
      .then((v) => {
        if (n === seq.current) {
          setData(v);
          setError(null);
        }
      })
      .catch((e: ApiError) => {
        if (n === seq.current) setError(e);
      })
      .finally(() => {
        if (n === seq.current) setLoading(false);
      });
  }, [method]);
  useEffect(reload, [reload, JSON.stringify(input), ...deps]);
  // after a write or a finished job anywhere in the app: the same question again
  useEffect(() => {
    if (version !== lastVersion.current) {
      lastVersion.current = version;
      reload();
    }
  }, [version, reload]);
  return { data, error, loading, reload, setData };
}

/** Reads a chosen local file as base64 (for uploads in browser mode and Electron alike). */
export async function fileToBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < buf.length; i += chunk) bin += String.fromCharCode(...buf.subarray(i, i + chunk));
  return btoa(bin);
}
