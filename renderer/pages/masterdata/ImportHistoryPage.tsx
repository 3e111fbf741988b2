/** 导入历史: who, when, file, hash, counts; 撤销 a whole batch; download its rejected rows. */
import { useState } from 'react';
import { App, Button, Select, Space, Typography } from 'antd';
import { DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { api, useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { useAction } from '../../components/useAction';
import { PageHead } from '../../components/PageHead';
import { DemoBanner, downloadBase64 } from './common';
import { localTimeText } from '../../../common/days';

/** The stored UTC time shown in the PC's own time. */
const localTime = (iso: string): string => localTimeText(iso, true);

export function ImportHistoryPage() {
  const { modal } = App.useApp();
  const { run } = useAction();
  const [kind, setKind] = useState<string>('');
  const kinds = useCall('imports.kinds', {}, []);
  const hist = useCall('imports.history', kind ? { kind } : {}, [kind]);
  const [selected, setSelected] = useState<Record<string, unknown> | null>(null);
  const rows = (hist.data ?? []).map((b) => ({
    ...b,
    statusLabel:
      b.status === 'committed'
        ? '已导入'
        : `已撤销（${b.rolledBackBy ?? ''} ${b.rolledBackAt ? localTime(b.rolledBackAt).slice(0, 16) : ''}）`,
    when: localTime(b.createdAt),
    range: b.dayFrom ? `${b.dayFrom} 至 ${b.dayTo}` : '',
    hash: /^[0-9a-f]{12,}$/i.test(b.fileHash) ? b.fileHash.slice(0, 12) : '（生成的数据）',
  }));
  const rollback = (b: Record<string, unknown>) =>
    modal.confirm({
      title: `撤销批次 #${String(b.batchId)}？`,
      content: `将移除“${String(b.file)}”导入的全部 ${String(b.rowsImported)} 行${b.kind === 'orders' ? '订单，并恢复它替换掉的原订单' : '资料变更，恢复导入前的内容'}。`,
      okText: '撤销',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        const done = await run(
          () => api.call('imports.rollback', { batchId: Number(b.batchId) }),
          (r) => `已撤销批次 #${r.batchId}：移除 ${r.removed} 行${r.restored ? `，恢复 ${r.restored} 行` : ''}`,
        );
        if (done) hist.reload();
      },
    });
  return (
    <div data-testid="import-history">
      <PageHead title="导入历史" />
      <DemoBanner />
      <DataGrid
        testId="history-grid"
        columns={[
          { key: 'batchId', title: '批次', type: 'int', width: 6, pinned: 'left' },
          { key: 'kindLabel', title: '类型', width: 8 },
          { key: 'file', title: '文件名', width: 22 },
          { key: 'when', title: '导入时间', width: 15 },
          { key: 'user', title: '操作人', width: 9 },
          { key: 'rowsRead', title: '读取行数', type: 'int', width: 8 },
          { key: 'rowsImported', title: '导入行数', type: 'int', width: 8 },
          { key: 'rowsRejected', title: '未导入行数', type: 'int', width: 8 },
          { key: 'range', title: '订单日期', width: 19 },
          { key: 'statusLabel', title: '状态', width: 12 },
          { key: 'hash', title: '文件指纹', width: 13 },
          { key: 'note', title: '说明', width: 18 },
        ]}
        rows={rows as unknown as Record<string, unknown>[]}
        rowKey={(r) => String(r.batchId)}
        loading={hist.loading}
        onRowClick={setSelected}
        height="calc(100vh - 260px)"
        exportSpec={{ title: '导入历史' }}
        toolbar={
          <>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 140 }}
              options={[
                { value: '', label: '全部类型' },
                ...(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.label })),
              ]}
            />
            <Button
              danger
              icon={<RollbackOutlined />}
              disabled={!selected || selected.status !== 'committed' || selected.kind === 'demo'}
              onClick={() => selected && rollback(selected)}
              data-testid="rollback"
            >
              撤销所选批次{selected ? ` #${String(selected.batchId)}` : ''}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              disabled={!selected?.rejectedFile}
              onClick={() =>
                run(async () => {
                  const r = await api.call('imports.rejectedFile', { file: String(selected!.rejectedFile) });
                  downloadBase64(r.fileName, r.contentBase64);
                })
              }
            >
              下载未导入行
            </Button>
            <Space>
              <Typography.Text type="secondary">单击一行选中</Typography.Text>
            </Space>
          </>
        }
      />
    </div>
  );
}
