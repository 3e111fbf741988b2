/**
 * A busy flag and a runner for what the user asked the backend to do: `run(what, done)` shows
 * `done` (a text, or one made from the answer; none when left out) when it succeeded or the
 * refusal's Chinese message when not, and answers which.
 * 客户分档 and 计划编制 run their 提交审批 / 审批通过 / 退回 through it; the dialogs that save
 * (批量修改, 新建品牌集/客户集, 内管核查, 货源投放评估设置, 从备份恢复) run their write through it.
 */
import { useState } from 'react';
import { App } from 'antd';
import type { ApiError } from '../api/client';

export function useAction() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async <T>(what: () => Promise<T>, done?: string | ((answer: T) => string)): Promise<boolean> => {
    setBusy(true);
    try {
      const answer = await what();
      if (done !== undefined) message.success(typeof done === 'string' ? done : done(answer));
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
