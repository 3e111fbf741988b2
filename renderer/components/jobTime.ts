/** What a running job's progress line says: the time left and the bar's percentage (pure, tested). */

interface Progress {
  running: boolean;
  done?: number;
  total?: number;
  etaSec?: number;
}

/**
 * The time left as the clerk reads it. 「估算中」 while it is not known: before the first rows,
 * and once every row is counted but the job still works (建立索引, 收尾) — never 「约 0 秒」
 * for a job that has not finished.
 */
export function remainingText(state: Pick<Progress, 'etaSec' | 'done' | 'total'>): string {
  const s = state.etaSec;
  const rowsDone = state.total !== undefined && (state.done ?? 0) >= state.total;
  if (s === undefined || s <= 0 || rowsDone) return '估算中';
  if (s < 60) return `约 ${s} 秒`;
  return `约 ${Math.floor(s / 60)} 分 ${s % 60} 秒`;
}

/** The bar's percentage: 100 only when the job has ended, so a running job never reads as done. */
export function progressPercent(state: Pick<Progress, 'done' | 'total' | 'running'>): number | undefined {
  if (!state.total) return undefined;
  const pct = Math.min(100, Math.floor(((state.done ?? 0) * 100) / state.total));
  return state.running ? Math.min(pct, 99) : pct;
}
