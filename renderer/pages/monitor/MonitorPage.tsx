/**
 * 内管预警: the warnings the scan found (after every orders import, or for dates chosen here),
 * filtered by rule, 客户经理, 线路 and status; each row says what fired it and opens the
 * warning with the retailer's recent orders and the 核查 dialog. The 重点监管客户台账 with each
 * retailer's history, the weekly 内管情况表 (print and Excel) and the Excel of the list.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Input as CallInput } from '@contract';
import { api, useCall, type ApiError } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { useAction } from '../../components/useAction';
import { FilterSelects, type FilterChoice } from '../../components/FilterSelects';
import { PrintButton } from '../../components/PrintButton';
import { exportXlsx, signatureFooter } from '../../components/exportXlsx';
import { fmtInt, fmtYuan } from '../../components/format';
import { useApp } from '../../app/AppContext';
import { can, useMe } from '../accounts/session';
import { searchParam } from '../network/common';
import {
  RULE_OPTIONS,
  STATUS_OPTIONS,
  basisText,
  baselineLabel,
  detailSpec,
  ledgerColumns,
  ledgerRows,
  ledgerSpec,
  localTime,
  ratioText,
  summarySpec,
  valueLabel,
  warningColumns,
  warningRows,
  weekOfDate,
  weekSpan,
  type Warning,
} from './monitorTables';

const STATUS_COLORS: Record<string, string> = { 待核查: 'orange', 正常: 'green', 违规: 'red', 其他: 'blue' };
const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');

/** The list's filters: each one value of its field. */
type Filters = Pick<CallInput<'monitor.list'>, 'rule' | 'manager' | 'route' | 'status'>;

export function MonitorPage() {
  const [tab, setTab] = useState('warnings');
  return (
    <div data-testid="monitor-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        内管预警
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'warnings', label: '预警清单', children: <WarningsTab /> },
          { key: 'ledger', label: '重点监管客户台账', children: <LedgerTab /> },
        ]}
      />
    </div>
  );
}

function WarningsTab() {
  const { message } = App.useApp();
  const { settings } = useApp();
  const me = useMe();
  const history = settings?.monitorSurgeHistory ?? 3;
  const fromParam = searchParam('from');
  const toParam = searchParam('to');
  const [dates, setDates] = useState<[Dayjs, Dayjs] | null>(
    fromParam && toParam ? [dayjs(fromParam), dayjs(toParam)] : null,
  );
  const [filters, setFilters] = useState<Filters>({});
  const [scanning, setScanning] = useState(false);
  const [scanNote, setScanNote] = useState<string | null>(null);
  const [open, setOpen] = useState<Warning | null>(null);
  const [week, setWeek] = useState<Dayjs>(() => dayjs().subtract(7, 'day'));
  const options = useCall('masterdata.options', {}, []);
  const choices: FilterChoice<Filters>[] = [
    { key: 'rule', label: '预警类型', width: 150, options: RULE_OPTIONS, testId: 'monitor-rule' },
    {
      key: 'manager',
      label: '客户经理',
      width: 140,
      search: true,
      options: (options.data?.managers ?? []).map((m) => ({ value: m.code, label: m.name })),
      testId: 'monitor-manager',
    },
    {
      key: 'route',
      label: '线路',
      width: 150,
      search: true,
      options: (options.data?.routes ?? []).map((r) => ({ value: r.code, label: r.name })),
      testId: 'monitor-route',
    },
    { key: 'status', label: '核查结果', width: 110, options: STATUS_OPTIONS, testId: 'monitor-status' },
  ];
  const filter = {
    ...filters,
    ...(dates ? { from: fmt(dates[0]), to: fmt(dates[1]) } : {}),
    limit: 5000,
  };
  const list = useCall('monitor.list', filter, []);
  const rows = useMemo(() => warningRows(list.data?.rows ?? [], history), [list.data, history]);
  const weekText = weekOfDate(fmt(week));
  const span = weekSpan(weekText)!;

  const scan = async () => {
    if (!dates) return;
    setScanning(true);
    setScanNote(null);
    try {
      const r = await api.call('monitor.scan', { from: fmt(dates[0]), to: fmt(dates[1]) });
      setScanNote(
        [
          `已检查 ${fmt(dates[0])} 至 ${fmt(dates[1])} 的订单：发现 ${r.found} 条预警，新增 ${r.added} 条，更新 ${r.updated} 条，撤销不再成立的待核查预警 ${r.removed} 条`,
          ...r.notes,
        ].join('；'),
      );
      list.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setScanning(false);
    }
  };

  const exportWeek = async () => {
    try {
      const range = { from: span.from, to: span.to };
      const [s, l, g] = await Promise.all([
        api.call('monitor.summary', range),
        api.call('monitor.list', { ...range, limit: 100000 }),
        api.call('monitor.ledger', range),
      ]);
      exportXlsx(
        [
          summarySpec(s, span.label),
          detailSpec(l.rows, span.label, history, 'export'),
          ledgerSpec(g.rows, span.label, '本周列入台账'),
        ],
        `内管情况表-${weekText}`,
        settings?.unitName,
        { footer: signatureFooter(['制表人', '审核人', '制表日期']) },
      );
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const columns = warningColumns('grid');
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>预警日期</span>
        <DatePicker.RangePicker
          value={dates}
          onChange={(v) => setDates(v && v[0] && v[1] ? [v[0], v[1]] : null)}
          allowClear
          placeholder={['开始日期', '结束日期']}
          data-testid="monitor-dates"
        />
        <FilterSelects choices={choices} value={filters} onChange={setFilters} />
        {can(me, 'edit') && (
          <Button type="primary" onClick={scan} loading={scanning} disabled={!dates} data-testid="monitor-scan">
            检查所选日期的订单
          </Button>
        )}
      </Space>
      {scanNote && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setScanNote(null)}
          message={scanNote}
          style={{ marginBottom: 12 }}
          data-testid="monitor-scan-note"
        />
      )}
      {list.error && <Alert type="error" showIcon message={list.error.message} style={{ marginBottom: 12 }} />}
      <DataGrid
        columns={columns}
        rows={rows}
        rowKey={(r) => String(r.id)}
        height="calc(100vh - 330px)"
        loading={list.loading}
        onRowClick={(r) => setOpen(list.data?.rows.find((w) => w.id === r.id) ?? null)}
        exportSpec={{
          title: '内管预警清单',
          period: dates ? `${fmt(dates[0])}至${fmt(dates[1])}` : undefined,
          unitLine: '单位：条',
        }}
        exportFileName="内管预警清单"
        unitName={settings?.unitName}
        testId="monitor-grid"
        toolbar={
          <Space wrap>
            <Typography.Text type="secondary" data-testid="monitor-count">
              共 {list.data?.total ?? 0} 条
              {list.data && list.data.total > list.data.rows.length ? `，显示前 ${list.data.rows.length} 条` : ''}
              ，点击一行查看明细和核查
            </Typography.Text>
            <span>内管情况表</span>
            <DatePicker
              picker="week"
              value={week}
              onChange={(v) => v && setWeek(v)}
              allowClear={false}
              format={() => span.label.replace(/（.*/, '')}
              style={{ width: 150 }}
              data-testid="monitor-week"
            />
            <PrintButton
              route={`/monitor/print?week=${weekText}`}
              landscape
              name={`内管情况表-${weekText}`}
              label="打印内管情况表"
            />
            <Button onClick={exportWeek} data-testid="monitor-export-week">
              导出内管情况表
            </Button>
          </Space>
        }
      />
      <WarningDrawer
        warning={open}
        history={history}
        onClose={() => setOpen(null)}
        onChecked={(w) => {
          setOpen(w);
          list.reload();
        }}
      />
    </>
  );
}

/** The window of orders shown for a warning: up to the end of its day, week or month. */
function ordersTo(w: Warning): string {
  const d = dayjs(w.day);
  if (w.rule === 'scarce') return fmt(d.add(6, 'day'));
  if (w.rule === 'over-grade') return fmt(d.endOf('month'));
  return w.day;
}

function WarningDrawer({
  warning: w,
  history,
  onClose,
  onChecked,
}: {
  warning: Warning | null;
  history: number;
  onClose: () => void;
  onChecked: (w: Warning) => void;
}) {
  const me = useMe();
  const [checking, setChecking] = useState(false);
  const [onlySpec, setOnlySpec] = useState(true);
  const spec = w?.spec && onlySpec ? w.spec : undefined;
  const orders = useCall(
    'monitor.orders',
    w ? { retailer: w.retailer, to: ordersTo(w), days: 91, ...(spec ? { spec } : {}) } : null,
    [],
  );
  return (
    <Drawer
      open={!!w}
      onClose={onClose}
      width={760}
      title={w ? `${w.ruleLabel}：${w.retailerName}（${w.retailer}）` : ''}
      extra={
        w && can(me, 'edit') ? (
          <Button type="primary" onClick={() => setChecking(true)} data-testid="monitor-check-open">
            核查
          </Button>
        ) : null
      }
      data-testid="monitor-drawer"
    >
      {w && (
        <>
          <Descriptions size="small" bordered column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="预警日期">{w.day}</Descriptions.Item>
            <Descriptions.Item label="卷烟规格">{w.specName ?? '（全部规格）'}</Descriptions.Item>
            <Descriptions.Item label={valueLabel(w.rule)}>{fmtInt(w.valueTiao)} 条</Descriptions.Item>
            {w.rule !== 'inactive' && (
              <Descriptions.Item label={baselineLabel(w.rule, history)}>
                {w.baseline === null ? '—' : `${+w.baseline.toFixed(2)} 条`}
              </Descriptions.Item>
            )}
            {w.rule !== 'inactive' && (
              <Descriptions.Item label={w.rule === 'scarce' ? '占全县' : '倍数'}>{ratioText(w)}</Descriptions.Item>
            )}
            <Descriptions.Item label="客户经理">{w.managerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="线路">{w.routeName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="核查结果">
              <Tag color={STATUS_COLORS[w.status]}>{w.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="核查人">{w.checkedBy ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="核查时间">{localTime(w.checkedAt) || '—'}</Descriptions.Item>
            <Descriptions.Item label="核查说明" span={2}>
              {w.note ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label="附件" span={2}>
              {w.docs.length ? w.docs.map((d) => `${d.number} ${d.title}`).join('；') : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary">{basisText(w, history)}</Typography.Paragraph>
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text strong>近 91 天订单</Typography.Text>
            {w.spec && (
              <>
                <Switch size="small" checked={onlySpec} onChange={setOnlySpec} data-testid="monitor-only-spec" />
                <span>只看{w.specName}</span>
              </>
            )}
          </Space>
          <Table
            size="small"
            rowKey={(r) => `${r.day}|${r.spec}`}
            loading={orders.loading}
            dataSource={orders.data?.rows ?? []}
            pagination={{ pageSize: 12, showSizeChanger: false }}
            locale={{ emptyText: '这段时间没有订单' }}
            data-testid="monitor-orders"
            rowClassName={(r) => (r.day === w.day && (!w.spec || r.spec === w.spec) ? 'ant-table-row-selected' : '')}
            columns={[
              { title: '订单日期', dataIndex: 'day' },
              { title: '卷烟规格', dataIndex: 'specName' },
              { title: '需求量(条)', dataIndex: 'demandTiao', align: 'right', render: fmtInt },
              { title: '订购量(条)', dataIndex: 'qtyTiao', align: 'right', render: fmtInt },
              { title: '金额(元)', dataIndex: 'amountFen', align: 'right', render: (v: number) => fmtYuan(v) },
            ]}
          />
          <RetailerHistory retailer={w.retailer} />
          <CheckDialog
            warning={w}
            open={checking}
            onClose={() => setChecking(false)}
            onDone={(x) => {
              setChecking(false);
              onChecked(x);
            }}
          />
        </>
      )}
    </Drawer>
  );
}

/** 核查: result, note, who; when is recorded on saving; documents chosen from the archive. */
function CheckDialog({
  warning: w,
  open,
  onClose,
  onDone,
}: {
  warning: Warning;
  open: boolean;
  onClose: () => void;
  onDone: (w: Warning) => void;
}) {
  const me = useMe();
  const [form] = Form.useForm();
  const [query, setQuery] = useState('');
  const { busy, run } = useAction();
  const docs = useCall('archive.search', open ? { query, limit: 30 } : null, []);
  const docOptions = useMemo(() => {
    const seen = new Map<number, string>(w.docs.map((d) => [d.id, `${d.number} ${d.title}`]));
    for (const h of docs.data?.hits ?? []) seen.set(h.id, `${h.number} ${h.title}`);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [docs.data, w.docs]);
  const result = Form.useWatch('result', form);
  const save = async () => {
    const v = await form.validateFields();
    await run(
      async () => {
        const r = await api.call('monitor.check', {
          id: w.id,
          result: v.result,
          note: v.note ?? '',
          ...(v.who?.trim() ? { who: v.who.trim() } : {}),
          docs: v.docs ?? [],
        });
        onDone(r.warning);
        return r;
      },
      (r) =>
        r.ledger === 'added'
          ? '已保存，客户已列入重点监管客户台账'
          : r.ledger === 'removed'
            ? '已保存，已从重点监管客户台账中移除'
            : '核查结果已保存',
    );
  };
  return (
    <Modal
      open={open}
      title={`核查：${w.ruleLabel} ${w.retailerName}（${w.day}）`}
      okText="保存核查结果"
      cancelText="取消"
      onOk={save}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      width={620}
      data-testid="monitor-check-dialog"
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          result: w.status === '待核查' ? undefined : w.status,
          note: w.note ?? '',
          who: w.checkedBy ?? me?.user?.name ?? '',
          docs: w.docs.map((d) => d.id),
        }}
      >
        <Form.Item label="核查结果" name="result" rules={[{ required: true, message: '请选择核查结果' }]}>
          <Radio.Group
            options={['正常', '违规', '其他'].map((x) => ({ value: x, label: x }))}
            data-testid="monitor-check-result"
          />
        </Form.Item>
        <Form.Item
          label="核查说明"
          name="note"
          rules={[
            { required: result === '违规' || result === '其他', whitespace: true, message: '违规或其他须写明核查情况' },
            { max: 500, message: '说明最多 500 字' },
          ]}
          extra={result === '违规' ? '保存后该客户列入重点监管客户台账' : undefined}
        >
          <Input.TextArea rows={3} data-testid="monitor-check-note" />
        </Form.Item>
        <Form.Item label="核查人" name="who" rules={[{ max: 40, message: '最多 40 字' }]}>
          <Input style={{ width: 200 }} data-testid="monitor-check-who" />
        </Form.Item>
        <Form.Item label="核查时间">
          <Typography.Text type="secondary">保存时自动记录</Typography.Text>
        </Form.Item>
        <Form.Item label="附件（从文档档案中选择）" name="docs">
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setQuery}
            placeholder="输入文号或标题查找"
            options={docOptions}
            notFoundContent={docs.loading ? '正在查找……' : '没有找到文件'}
            data-testid="monitor-check-docs"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A retailer's 台账 entries and every warning it had. */
function RetailerHistory({ retailer }: { retailer: string }) {
  const ledger = useCall('monitor.ledger', { retailer }, []);
  const warnings = useCall('monitor.list', { retailer, limit: 200 }, []);
  return (
    <Card size="small" title="该客户的预警与台账记录" style={{ marginTop: 12 }} data-testid="monitor-history">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {ledger.data?.rows.length
          ? `已 ${ledger.data.rows.length} 次列入重点监管客户台账：${ledger.data.rows.map((r) => `${r.day} ${r.reason}`).join('；')}`
          : '未列入重点监管客户台账'}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        dataSource={warnings.data?.rows ?? []}
        pagination={{ pageSize: 8, showSizeChanger: false }}
        columns={[
          { title: '预警日期', dataIndex: 'day' },
          { title: '预警类型', dataIndex: 'ruleLabel' },
          { title: '卷烟规格', dataIndex: 'specName', render: (v: string | null) => v ?? '（全部规格）' },
          { title: '订购量(条)', dataIndex: 'valueTiao', align: 'right', render: fmtInt },
          {
            title: '核查结果',
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLORS[s]}>{s}</Tag>,
          },
        ]}
      />
    </Card>
  );
}

function LedgerTab() {
  const { settings } = useApp();
  const ledger = useCall('monitor.ledger', {}, []);
  const [retailer, setRetailer] = useState<string | null>(null);
  return (
    <>
      <DataGrid
        columns={ledgerColumns}
        rows={ledgerRows(ledger.data?.rows ?? [])}
        rowKey={(r) => String(r.id)}
        height="calc(100vh - 280px)"
        loading={ledger.loading}
        onRowClick={(r) => setRetailer(String(r.retailer))}
        exportSpec={{ title: '重点监管客户台账' }}
        exportFileName="重点监管客户台账"
        exportOptions={{ footer: signatureFooter() }}
        unitName={settings?.unitName}
        testId="monitor-ledger"
        toolbar={
          <Typography.Text type="secondary">
            核查结果为违规的客户列入台账；共 {ledger.data?.rows.length ?? 0} 条，点击一行查看该客户的全部记录
          </Typography.Text>
        }
      />
      <Drawer
        open={retailer !== null}
        onClose={() => setRetailer(null)}
        width={720}
        title={`客户 ${retailer ?? ''} 的监管记录`}
      >
        {retailer && <RetailerHistory retailer={retailer} />}
      </Drawer>
    </>
  );
}
