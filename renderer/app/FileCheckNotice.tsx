/**
 * The notice of a failed check of the database file. The backend checks the whole file on a
 * thread of its own after the first screen and keeps the outcome (system.fileCheck); the page
 * asks once when it opens (so a page opened after the check ended is told too), again a few
 * times while the check waits or runs, and after every change. Each ask is a plain request that
 * ends — nothing is held open, so the page goes idle between them. A failed check offers the
 * newest sound backup through the ordinary restore, or 稍后处理.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Space, Typography } from 'antd';
import type { Output } from '@contract';
import { api, ApiError, dataChanged, useDataVersion } from '../api/client';
import { can, useMe } from '../pages/accounts/session';
import { localTimeText } from '../../common/days';

type FileCheck = Output<'system.fileCheck'>;

/** The waits between asks while the check has not ended (about 1½ minutes in all, then after changes only). */
const POLL_MS = [1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 15_000, 15_000, 30_000];

export function FileCheckNotice() {
  const me = useMe();
  const mayRead = can(me, 'read');
  const mayRestore = can(me, 'admin');
  const version = useDataVersion();
  const { message, modal } = App.useApp();
  const [check, setCheck] = useState<FileCheck | null>(null);
  const [later, setLater] = useState(false);
  const [restoring, setRestoring] = useState(false);

  useEffect(() => {
    if (!mayRead) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    const ask = () => {
      api
        .call('system.fileCheck', {})
        .then((c) => {
          if (stopped) return;
          setCheck(c);
          const waiting = c.state === 'running' || (c.state === 'notStarted' && c.scheduled);
          if (waiting && polls < POLL_MS.length) timer = setTimeout(ask, POLL_MS[polls++]);
        })
        .catch(() => {
          // refused (a login is needed first) or the backend is gone: the page says so elsewhere
        });
    };
    ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [mayRead, version]);

  if (!check || check.state !== 'failed' || later) return null;
  const newest = check.newestBackup;
  const restore = () =>
    modal.confirm({
      title: '从最近的备份恢复',
      content: `用备份“${newest!.split(/[\\/]/).pop()}”替换现在的数据库文件。现在的文件原样保留在数据文件夹中（恢复后告诉您它的文件名）；备份之后录入或导入的数据需要重新录入或导入。`,
      okText: '恢复',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        setRestoring(true);
        try {
          const r = await api.call('system.restore', { file: newest! });
          message.success(`已恢复。原数据库保留为 ${r.keptAs ?? '（无）'}`);
          // every page shows the restored data, and this notice asks again
          dataChanged();
        } catch (e) {
          message.error((e as ApiError).message);
        } finally {
          setRestoring(false);
        }
      },
    });
  return (
    <Alert
      type="error"
      showIcon
      data-testid="file-check-notice"
      style={{ marginBottom: 16 }}
      message="数据库文件已损坏"
      description={
        <Space direction="vertical" size={4}>
          <span>{check.reason}</span>
          <Typography.Text type="secondary">检查时间：{localTimeText(check.finishedAt)}</Typography.Text>
          {newest && !mayRestore && <span>恢复需要管理员账号，请联系管理员。</span>}
        </Space>
      }
      action={
        <Space direction="vertical">
          {newest && mayRestore && (
            <Button danger type="primary" loading={restoring} onClick={restore} data-testid="file-check-restore">
              恢复最近的备份
            </Button>
          )}
          <Button onClick={() => setLater(true)} data-testid="file-check-later">
            稍后处理
          </Button>
        </Space>
      }
    />
  );
}
