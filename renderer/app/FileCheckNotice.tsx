/**
 * The notice of a failed check of the database file. The backend checks the whole file on a
 * thread of its own after the first screen and keeps the outcome (system.fileCheck); the page
 * asks once when it opens (so a page opened after the check ended is told too), again a few
 * times while the check waits or runs, and after every change. Each ask is a plain request that
 * ends — nothing is held open, so the page goes idle between them. A failed check offers the
 * newest sound backup through the ordinary restore, 重新检查 (the whole-file check again, on a
 * thread of the backend's own: system.recheckFile; the notice follows it and shows the outcome),
 * or 稍后处理 (hidden until the page is opened again).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Space, Spin, Typography } from 'antd';
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
  /** how many times 重新检查 was asked for; while one runs the notice follows it to its end */
  const [rechecks, setRechecks] = useState(0);
  /** the outcome of the last 重新检查 is shown until the clerk closes it */
  const [showRecheck, setShowRecheck] = useState(false);
  const [asking, setAsking] = useState(false);

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
          // a check the clerk asked for is followed to its end (a city's file takes half a minute or more)
          if (waiting && (polls < POLL_MS.length || rechecks > 0))
            timer = setTimeout(ask, POLL_MS[Math.min(polls++, POLL_MS.length - 1)]);
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
  }, [mayRead, version, rechecks]);

  const recheck = async () => {
    setAsking(true);
    try {
      setCheck(await api.call('system.recheckFile', {}));
      setShowRecheck(true);
      setRechecks((n) => n + 1);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setAsking(false);
    }
  };

  if (!check || later) return null;
  if (showRecheck && (check.state === 'running' || check.state === 'notStarted')) {
    return (
      <Alert
        type="info"
        data-testid="file-check-running"
        style={{ marginBottom: 16 }}
        message={
          <Space>
            <Spin size="small" />
            正在重新检查整个数据库文件……
          </Space>
        }
        description="检查在后台进行，期间可以照常使用；数据量大时需要半分钟或更久。"
      />
    );
  }
  if (showRecheck && check.state === 'passed') {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="file-check-passed"
        style={{ marginBottom: 16 }}
        message="重新检查通过：数据库文件完好"
        description={`检查时间：${localTimeText(check.finishedAt)}`}
        action={
          <Button onClick={() => setShowRecheck(false)} data-testid="file-check-close">
            知道了
          </Button>
        }
      />
    );
  }
  if (check.state !== 'failed') return null;
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
          <Typography.Text type="secondary" data-testid="file-check-time">
            {showRecheck ? '重新检查仍未通过。' : ''}检查时间：{localTimeText(check.finishedAt)}
          </Typography.Text>
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
          <Button loading={asking} disabled={restoring} onClick={recheck} data-testid="file-check-recheck">
            重新检查
          </Button>
          <Button onClick={() => setLater(true)} data-testid="file-check-later">
            稍后处理
          </Button>
        </Space>
      }
    />
  );
}
