/**
 * 归档文件目录 per 年度 / 保管期限 / 机构, to Excel and to print (A4 landscape with
 * a cover), plus the 到期鉴定 list of items whose retention has run out.
 */
import { useState } from 'react';
import { Button, Card, Empty, Form, Input, Modal, Select, Space, Table } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { api, useCall } from '../../api/client';
import { useAction } from '../../components/useAction';
import { PageHead } from '../../components/PageHead';
import { DataGrid } from '../../components/DataGrid';
import { PrintButton } from '../../components/PrintButton';
import { download, RETENTION_LABELS } from './common';

type Retention = 'Y' | 'D30' | 'D10';

export function CataloguePage() {
  const { run } = useAction();
  const groups = useCall('archive.groups', {}, []);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const list = groups.data?.groups ?? [];
  const key = picked ?? (list[0] ? `${list[0].year}|${list[0].retention}|${list[0].orgCode}` : undefined);
  const [year, retention, orgCode] = key
    ? (key.split('|') as [string, Retention, string])
    : [undefined, undefined, undefined];
  const input = key ? { year: Number(year), retention: retention!, orgCode } : null;
  const cat = useCall('archive.catalogue', input, [key]);
  const rem = useCall('archive.reminders', {}, []);
  const [appraising, setAppraising] = useState<{ id: number; archiveNo: string } | null>(null);
  const [form] = Form.useForm<{ outcome: '销毁' | '续存'; reason: string }>();

  const exportXlsx = async () => {
    if (!input) return;
    await run(async () => {
      const r = await api.call('archive.catalogueXlsx', input);
      download(r.base64, r.fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });
  };

  const appraise = async () => {
    const v = await form.validateFields();
    const input = { id: appraising!.id, outcome: v.outcome, reason: v.reason.trim() };
    if (await run(() => api.call('archive.appraise', input), '已记录鉴定结果')) {
      setAppraising(null);
      rem.reload();
      cat.reload();
    }
  };

  return (
    <div data-testid="archive-catalogue">
      <PageHead title="归档文件目录" />
      {list.length === 0 ? (
        <Empty description="还没有归档的文件。在收发文登记中打开一件文件，点“归档”。" />
      ) : (
        <DataGrid
          testId="catalogue-grid"
          columns={[
            { key: 'seq', title: '序号', type: 'int', width: 5 },
            { key: 'archiveNo', title: '档号', width: 24 },
            { key: 'docNo', title: '文号', width: 14 },
            { key: 'responsible', title: '责任者', width: 14 },
            { key: 'title', title: '题名' },
            { key: 'date', title: '日期', width: 9 },
            { key: 'secrecy', title: '密级', width: 6 },
            { key: 'pages', title: '页数', type: 'int', width: 6 },
            { key: 'remark', title: '备注', width: 12 },
          ]}
          rows={(cat.data?.rows ?? []) as unknown as Record<string, unknown>[]}
          loading={cat.loading}
          height="calc(100vh - 420px)"
          toolbar={
            <Space wrap>
              <Select
                style={{ width: 300 }}
                value={key}
                onChange={setPicked}
                data-testid="catalogue-group"
                options={list.map((g) => ({
                  value: `${g.year}|${g.retention}|${g.orgCode}`,
                  label: `${g.year}年度 · ${RETENTION_LABELS[g.retention]} · ${g.orgCode}（${g.count} 件）`,
                }))}
              />
              <Button icon={<FileExcelOutlined />} onClick={exportXlsx} data-testid="catalogue-xlsx">
                导出 Excel
              </Button>
              {input && (
                <PrintButton
                  route={`/archive/catalogue/print?year=${input.year}&retention=${input.retention}&org=${input.orgCode}`}
                  landscape
                  name={`归档文件目录-${input.year}-${RETENTION_LABELS[input.retention]}`}
                  label="打印目录"
                />
              )}
            </Space>
          }
        />
      )}
      <Card
        size="small"
        title={`到期鉴定（${rem.data?.retentionExpired.length ?? 0} 件保管期满）`}
        style={{ marginTop: 16 }}
      >
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={rem.data?.retentionExpired ?? []}
          locale={{ emptyText: '没有保管期满待鉴定的档案' }}
          columns={[
            { title: '档号', dataIndex: 'archiveNo', width: 240 },
            { title: '题名', dataIndex: 'title' },
            { title: '保管期限', dataIndex: 'retentionLabel', width: 100 },
            { title: '期满日', dataIndex: 'dueOn', width: 110 },
            {
              title: '',
              width: 90,
              render: (_: unknown, r) => (
                <a onClick={() => (form.resetFields(), setAppraising({ id: r.id, archiveNo: r.archiveNo }))}>鉴定</a>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={!!appraising}
        title={`到期鉴定：${appraising?.archiveNo ?? ''}`}
        okText="确定"
        cancelText="取消"
        onOk={appraise}
        onCancel={() => setAppraising(null)}
      >
        <Form form={form} layout="vertical" initialValues={{ outcome: '续存' }}>
          <Form.Item name="outcome" label="鉴定结果">
            <Select
              options={[
                { value: '续存', label: '续存（继续保管）' },
                { value: '销毁', label: '销毁（目录中保留件号并注明）' },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label="鉴定意见" rules={[{ required: true, min: 2, message: '请写明鉴定意见' }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
