/**
 * Long work with a progress bar, rows/s, an estimate and a 取消 button.
 * useJob() starts a job and tracks it; <JobProgress> shows it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Progress, Space, Spin, Typography } from 'antd';
import type { JobEvent } from '@contract';
import { ApiError, api, runJob } from '../api/client';
import { progressPercent, remainingText } from './jobTime';

export interface JobState<T = unknown> {
  running: boolean;
  done?: number;
  total?: number;
  message?: string;
  ratePerSec?: number;
  etaSec?: number;
  result?: T;
  error?: ApiError;
  cancelled?: boolean;
}

export function useJob<T = unknown>() {
  const [state, setState] = useState<JobState<T>>({ running: false });
  const jobId = useRef<string | null>(null);
  const start = useCallback(async (name: string, input: unknown): Promise<T | undefined> => {
    setState({ running: true });
    const r = runJob<T>(name, input, (e: JobEvent) => {
      if (e.type === 'progress')
        setState((s) => ({
          ...s,
          running: true,
          done: e.done,
          total: e.total,
          message: e.message,
          ratePerSec: e.ratePerSec,
          etaSec: e.etaSec,
        }));
    });
    r.jobId.then((id) => (jobId.current = id));
    try {
      const result = await r.done;
      setState((s) => ({ ...s, running: false, result }));
      return result;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('internal', String(err));
      setState((s) => ({ ...s, running: false, error: e, cancelled: e.code === 'cancelled' }));
      return undefined;
    }
  }, []);
  const cancel = useCallback(() => {
    if (jobId.current) void api.cancelJob(jobId.current);
  }, []);
  const reset = useCallback(() => setState({ running: false }), []);
  return { state, start, cancel, reset };
}

/** Seconds since the job started, ticking while it runs (the page shows it is busy even before any row). */
function useElapsed(running: boolean): number {
  const [secs, setSecs] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    setSecs(0);
    const t = setInterval(() => setSecs(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => clearInterval(t);
  }, [running]);
  return secs;
}

export function JobProgress({
  state,
  onCancel,
  label = '正在处理',
}: {
  state: JobState;
  onCancel?: () => void;
  label?: string;
}) {
  const elapsed = useElapsed(state.running);
  if (!state.running && !state.error) return null;
  const pct = progressPercent(state);
  return (
    <div data-testid="job-progress" style={{ padding: 12, border: '1px solid #f0f0f0', borderRadius: 6 }}>
      {state.running ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            <Spin size="small" />
            <Typography.Text>
              {label}
              {state.message ? `：${state.message}` : '……'}
            </Typography.Text>
          </Space>
          <Progress percent={pct ?? 0} status="active" showInfo={pct !== undefined} />
          <Space size="large">
            <span>
              已处理 {(state.done ?? 0).toLocaleString('zh-CN')}
              {state.total ? ` / ${state.total.toLocaleString('zh-CN')}` : ''} 行
            </span>
            <span>速度 {state.ratePerSec ? state.ratePerSec.toLocaleString('zh-CN') : '—'} 行/秒</span>
            <span data-testid="job-remaining">剩余时间 {remainingText(state)}</span>
            <span>已用 {elapsed} 秒</span>
            {onCancel && (
              <Button danger onClick={onCancel}>
                取消
              </Button>
            )}
          </Space>
        </Space>
      ) : (
        <Typography.Text type={state.cancelled ? 'warning' : 'danger'}>{state.error?.message}</Typography.Text>
      )}
    </div>
  );
}

/** A job started by the backend once another was done (its result's `followUps`), and how it ended. */
export interface FollowUpState {
  jobId: string;
  label: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** the job's own message when done (`result.message`), the reason when it failed */
  message?: string;
}

/**
 * Follows the jobs a job's result names as started after it (e.g. the 内管 scan after an orders
 * import). Listening starts when the page mounts, before any job runs, so the end of a follow-up
 * is seen even when it comes in right behind the result that names it.
 */
export function useFollowUps() {
  const ended = useRef(new Map<string, JobEvent>());
  const [refs, setRefs] = useState<{ jobId: string; label: string }[]>([]);
  const [, setSeen] = useState(0);
  useEffect(
    () =>
      api.onJob((e) => {
        if (e.type !== 'done' && e.type !== 'failed' && e.type !== 'cancelled') return;
        ended.current.set(e.jobId, e);
        // only the latest ends are kept (a follow-up ends within moments of the job that names it)
        if (ended.current.size > 200) ended.current.delete(ended.current.keys().next().value!);
        setSeen((n) => n + 1);
      }),
    [],
  );
  const states: FollowUpState[] = refs.map(({ jobId, label }) => {
    const e = ended.current.get(jobId);
    if (!e) return { jobId, label, state: 'running' };
    if (e.type === 'done') return { jobId, label, state: 'done', message: (e.result as { message?: string })?.message };
    if (e.type === 'failed') return { jobId, label, state: 'failed', message: e.error.message };
    return { jobId, label, state: 'cancelled' };
  });
  const follow = useCallback((next: { jobId: string; label: string }[] | undefined) => {
    setRefs(next ?? []);
  }, []);
  const cancel = useCallback((jobId: string) => void api.cancelJob(jobId), []);
  return { states, follow, cancel };
}
