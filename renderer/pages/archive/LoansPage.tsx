/** 借阅管理: paper originals lent out, overdue first; 登记归还. Lending starts from a document. */
import { useState } from 'react';
import { App, Segmented, Space, Typography } from 'antd';
import { api, useCall, type ApiError } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { DocDrawer } from './DocDrawer';

export function LoansPage() {
  const { message } = App.useApp();
  const [view, setView] = useState<'open' | 'overdue' | 'all'>('open');
  const [openId, setOpenId] = useState<number | null>(null);
  const loans = useCall(
    'archive.loans',
    view === 'all' ? {} : view === 'open' ? { openOnly: true } : { overdueOnly: true },
    [view],
  );
  const rows = (loans.data?.loans ?? []).map((l) => ({
    ...l,
    state: l.returnedOn ? '已归还' : l.overdue ? '逾期未还' : '借出中',
  }));
  const giveBack = async (loanId: number) => {
    try {
      await api.call('archive.returnLoan', { loanId });
      message.success('已登记归还');
      loans.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  return (
    <div data-testid="archive-loans">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          借阅管理
        </Typography.Title>
        <Segmented
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={[
            { value: 'open', label: '借出中' },
            { value: 'overdue', label: '逾期未还' },
            { value: 'all', label: '全部记录' },
          ]}
        />
      </Space>
      <DataGrid
        columns={[
          { key: 'number', title: '编号', width: 14 },
          { key: 'archiveNo', title: '档号', width: 22 },
          { key: 'title', title: '题名' },
          { key: 'borrower', title: '借阅人', width: 9 },
          { key: 'purpose', title: '用途', width: 12 },
          { key: 'lentOn', title: '借出日期', width: 10 },
          { key: 'dueOn', title: '应还日期', width: 10 },
          { key: 'returnedOn', title: '归还日期', width: 10 },
          { key: 'state', title: '状态', width: 8 },
        ]}
        rows={rows as unknown as Record<string, unknown>[]}
        loading={loans.loading}
        height="calc(100vh - 200px)"
        exportSpec={{ title: '档案借阅登记' }}
        exportFileName="档案借阅登记"
        onRowClick={(r) => setOpenId(r.docId as number)}
        onRowDoubleClick={(r) => !r.returnedOn && giveBack(r.id as number)}
        toolbar={
          <Typography.Text type="secondary">
            单击一行查看文件；双击未归还的一行登记归还。借出请在文件详情中操作。
          </Typography.Text>
        }
      />
      <DocDrawer id={openId} onClose={() => setOpenId(null)} onChanged={loans.reload} />
    </div>
  );
}
