/**
 * 收发文登记: the three registers (收文 / 发文 / 报表报送) as grids with filters,
 * 新登记, and the detail drawer. Numbers are given by the system per year.
 */
import { useMemo, useState } from 'react';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Segmented, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Input as CallInput } from '@contract';
import { api, useCall, type ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { FilterSelects, plainOptions, type FilterChoice } from '../../components/FilterSelects';
import { TEXT_EXTRACTING, textStatusLabel } from '../../../common/attachmentText';
import { DocDrawer } from './DocDrawer';
import { DocForm } from './DocForm';
import {
  IN_STATUSES,
  RetentionAndOrgItems,
  KIND_TITLES,
  KINDS,
  labelsOf,
  searchParam,
  SECRECY,
  todayIso,
  useTextExtractionRefresh,
  yearOptions,
  type Hit,
  type Kind,
} from './common';

/** The register's filters (each one value of its field; 处理情况 only for 收文). */
type Filters = Pick<CallInput<'archive.search'>, 'year' | 'status' | 'secrecy'>;

export function RegisterPage() {
  const { settings } = useApp();
  const [kind, setKind] = useState<Kind>('收文');
  const [filters, setFilters] = useState<Filters>({});
  const { year, status, secrecy } = filters;
  const [query, setQuery] = useState('');
  const [overdue, setOverdue] = useState(searchParam('overdue') === '1');
  const [adding, setAdding] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [batch, setBatch] = useState(false);
  const [gridKey, setGridKey] = useState(0); // a new grid clears its selection
  const [batchForm] = Form.useForm<{ retention: 'Y' | 'D30' | 'D10'; orgCode: string; year: number }>();
  const { message } = App.useApp();
  const fileSelected = async () => {
    const v = await batchForm.validateFields();
    try {
      const r = await api.call('archive.fileMany', {
        ids: selected,
        retention: v.retention,
        orgCode: v.orgCode.toUpperCase(),
        year: v.year,
      });
      message.success(
        `已归档 ${r.filed.length} 件：${r.filed[0].archiveNo} 至 ${r.filed[r.filed.length - 1].archiveNo}`,
      );
      setBatch(false);
      setSelected([]);
      setGridKey((k) => k + 1);
      list.reload();
      groups.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  const groups = useCall('archive.groups', {}, []);
  const input = {
    kind,
    year,
    status,
    secrecy,
    query,
    limit: 1000,
    ...(overdue && kind === '收文' ? { overdue: true } : {}),
  };
  const list = useCall('archive.search', input, [kind, year, status, secrecy, query, overdue]);
  const L = labelsOf(kind);
  const today = todayIso();
  useTextExtractionRefresh((list.data?.hits ?? []).some((h) => h.extracting > 0));
  const choices: FilterChoice<Filters>[] = [
    { key: 'year', label: '年度', width: 100, options: yearOptions(groups.data?.years) },
    ...(kind === '收文'
      ? [{ key: 'status' as const, label: '处理情况', width: 110, options: plainOptions([...IN_STATUSES, '归档']) }]
      : []),
    { key: 'secrecy', label: '密级', width: 90, options: plainOptions(SECRECY) },
  ];

  const rows = useMemo(
    () =>
      (list.data?.hits ?? []).map((h: Hit) => ({
        ...h,
        statusText:
          h.status +
          (h.dueDate && ['待处理', '已阅', '转交'].includes(h.status) && h.dueDate < today ? '（逾期）' : ''),
        org: kind === '收文' ? h.fromOrg : h.toOrg,
      })),
    [list.data, kind, today],
  );
  // Every column in view at 1366 (the register is searched and filtered in the bar above, so
  // the headers carry no filter buttons): 来文机关 and 档号 wrap in their rows like the
  // 标题; 密级 is in the Excel export and the entry's details (and the 密级 filter), not on screen.
  const columns = [
    { key: 'number', title: L.number, width: 13, pinned: 'left' as const },
    { key: 'date', title: L.date, width: 10 },
    ...(kind === '收文'
      ? [
          { key: 'org', title: '来文机关', width: 13, wrap: 8 },
          { key: 'docNo', title: '来文字号', width: 12 },
        ]
      : [{ key: 'org', title: L.toOrg, width: 13, wrap: 8 }]),
    // the 标题 takes the room the others leave and wraps
    { key: 'title', title: L.title, width: 42, wrap: 15 },
    {
      key: 'attachments',
      title: '附件',
      type: 'int' as const,
      width: 7,
      // 「正在提取文字」 while the text of one of its attachments is still being read
      render: (r: Record<string, unknown>) =>
        String(r.attachments) + ((r.extracting as number) > 0 ? `（${textStatusLabel(TEXT_EXTRACTING)}）` : ''),
    },
    ...(kind === '收文'
      ? [
          { key: 'handler', title: '承办人', width: 9 },
          { key: 'dueDate', title: '办理期限', width: 10 },
        ]
      : []),
    { key: 'secrecy', title: '密级', width: 7, screen: false },
    { key: 'statusText', title: kind === '收文' ? '处理情况' : '状态', width: 12 },
    { key: 'archiveNo', title: '档号', width: 26, wrap: 12 },
  ].map((c) => ({ ...c, filter: false }));

  return (
    <div data-testid="archive-register">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {KIND_TITLES[kind]}
        </Typography.Title>
        <Segmented
          value={kind}
          options={KINDS.map((k) => ({ value: k, label: KIND_TITLES[k] }))}
          onChange={(v) => {
            setKind(v as Kind);
            setFilters((f) => ({ ...f, status: undefined }));
          }}
          data-testid="kind-switch"
        />
      </Space>
      <DataGrid
        key={gridKey}
        testId="archive-grid"
        columns={columns}
        rows={rows as unknown as Record<string, unknown>[]}
        loading={list.loading}
        height="calc(100vh - 230px)"
        rowKey={(r) => String(r.id)}
        onRowClick={(r) => setOpenId(r.id as number)}
        selectable
        onSelectionChange={(rs) => setSelected(rs.map((r) => r.id as number))}
        exportSpec={{ title: KIND_TITLES[kind] + (year ? `（${year}年）` : '') }}
        exportFileName={KIND_TITLES[kind]}
        unitName={settings?.unitName}
        toolbar={
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-doc">
              新登记
            </Button>
            <Button
              disabled={selected.length === 0}
              onClick={() => {
                batchForm.setFieldsValue({
                  retention: 'D30',
                  orgCode: settings?.orgCode ?? 'KFB',
                  year: year ?? new Date().getFullYear(),
                });
                setBatch(true);
              }}
            >
              批量归档{selected.length ? `（${selected.length}）` : ''}
            </Button>
            <Input.Search
              allowClear
              placeholder="在本登记簿中查找（标题、编号、单位、人名、附件内容）"
              style={{ width: 360 }}
              onSearch={setQuery}
            />
            <FilterSelects choices={choices} value={filters} onChange={setFilters} />
            {kind === '收文' && (
              <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="only-overdue">
                只看逾期未办结
              </Checkbox>
            )}
            <Typography.Text type="secondary">
              共 {list.data?.total ?? 0} 件
              {(list.data?.total ?? 0) > 1000 ? '（显示最新 1000 件，请用年度或检索缩小范围）' : ''}
            </Typography.Text>
          </Space>
        }
      />
      {list.error && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      <DocForm
        kind={kind}
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={(id) => {
          setAdding(false);
          list.reload();
          groups.reload();
          setOpenId(id);
        }}
      />
      <DocDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
      <Modal
        open={batch}
        title={`批量归档 ${selected.length} 件`}
        okText="归档"
        cancelText="取消"
        onOk={fileSelected}
        onCancel={() => setBatch(false)}
      >
        <Form form={batchForm} layout="vertical">
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={1949} max={2100} precision={0} />
          </Form.Item>
          <RetentionAndOrgItems />
          <Typography.Paragraph type="secondary">
            按文件日期先后编件号，接在该年度·期限·机构已有件号之后；选中的文件中有已归档的，整批不归档。
          </Typography.Paragraph>
        </Form>
      </Modal>
    </div>
  );
}
