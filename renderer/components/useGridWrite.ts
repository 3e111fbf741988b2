/**
 * Writing what was typed, pasted or filled into an editable grid: `write(save, reload, done)`
 * runs the save, says `done` when given, or 「未保存：」 and the refusal's reason, then reads the
 * grid's data again either way (a refused edit shows the stored value back). It answers whether
 * it was written, as DataGrid's onCellsEdit wants (false: undo has nothing to take back).
 */
import { App } from 'antd';

export function useGridWrite() {
  const { message } = App.useApp();
  return async (save: () => Promise<unknown>, reload: () => void, done?: string): Promise<boolean> => {
    try {
      await save();
      if (done) message.success(done);
      return true;
    } catch (e) {
      message.error(`未保存：${(e as Error).message}`);
      return false;
    } finally {
      reload();
    }
  };
}
