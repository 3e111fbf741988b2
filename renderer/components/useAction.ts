/**
 * A busy flag and a runner for what the user asked the backend to do: `run(what, done)` shows
 * `done` when it succeeded or the refusal's Chinese message when not, and answers which.
 * 客户分档 and 计划编制 run their 提交审批 / 审批通过 / 退回 through it.
 */
import { useState } from 'react';
import { App } from 'antd';
import type { ApiError } from '../api/client';

export function useAction() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      await what();
      message.success(done);
      return true;
    } catch (e) {
      message.error((e as ApiError).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, setBusy, run };
}
