/**
 * 审计日志: who changed what, when, from which values to which, filtered by
 * person, date, module and record, newest first; 导出Excel writes every matching row.
 * Operations, records and fields come labelled in Chinese from the server
 * (electron/domain/audit/describe.ts); the raw values only behind 「详细」.
 */
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import dayjs from 'dayjs';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { Output } from '@contract';
import { api, ApiError, useCall } from '../../api/client';
import { exportXlsx } from '../../components/exportXlsx';
import { useApp } from '../../app/AppContext';
import { PageHead } from '../../components/PageHead';

type Row = Output<'audit.query'>['rows'][number];

interface Filter {
  person?: string;
  from?: string;
  to?: string;
  module?: string;
  record?: string;
}

function localTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', {
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

const PAGE = 50;

/**
 * Other pages link here for one record: #/accounts/audit?record=plan:7 (also person,
 * module, from, to), so anyone can see who changed a figure or document and from what.
 */
function filterFromQuery(search: string): Filter {
  const q = new URLSearchParams(search);
  const f: Filter = {};
  for (const k of ['person', 'module', 'record', 'from', 'to'] as const) {
    const v = q.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function AuditPage() {
  const { settings } = useApp();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const location = useLocation();
  const [filter, setFilter] = useState<Filter>(() => filterFromQuery(location.search));
  const [page, setPage] = useState(1);
  useEffect(() => {
    const f = filterFromQuery(location.search);
    setFilter(f);
    setPage(1);
    form.setFieldsValue({
      person: f.person,
      module: f.module,
      record: f.record,
      range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : undefined,
    });
  }, [location.search, form]);
  const [exporting, setExporting] = useState(false);
  const facets = useCall('audit.facets', {});
  const input = useMemo(() => ({ ...filter, offset: (page - 1) * PAGE, limit: PAGE }), [filter, page]);
  const log = useCall('audit.query', input);

  const search = () => {
    const v = form.getFieldsValue() as {
      person?: string;
      range?: [Dayjs | null, Dayjs | null] | null;
      module?: string;
      record?: string;
    };
    const f: Filter = {};
    if (v.person) f.person = v.person;
    if (v.module) f.module = v.module;
    if (v.record?.trim()) f.record = v.record.trim();
    if (v.range?.[0]) f.from = v.range[0].format('YYYY-MM-DD');
    if (v.range?.[1]) f.to = v.range[1].format('YYYY-MM-DD');
    setFilter(f);
    setPage(1);
  };

  const doExport = async () => {
    setExporting(true);
    try {
      const rows: Row[] = [];
      for (let offset = 0; ; offset += 1000) {
        const r = await api.call('audit.query', { ...filter, offset, limit: 1000 });
        rows.push(...r.rows);
        if (rows.length >= r.total || r.rows.length === 0) break;
      }
      const people = facets.data?.people.find((p) => p.login === filter.person);
      const period = [
        filter.from || filter.to ? `${filter.from ?? '最早'} 至 ${filter.to ?? '今天'}` : '全部日期',
        filter.person ? `人员：${people?.name ?? filter.person}` : '',
        filter.module
          ? `模块：${facets.data?.modules.find((m) => m.module === filter.module)?.label ?? filter.module}`
          : '',
        filter.record ? `记录：${filter.record}` : '',
      ]
        .filter(Boolean)
        .join('；');
      exportXlsx(
        {
          title: '审计日志',
          period,
          columns: [
            { key: 'time', title: '时间', width: 20 },
            { key: 'userLogin', title: '登录名', width: 12 },
            { key: 'userName', title: '姓名', width: 12 },
            { key: 'viaLabel', title: '方式', width: 8 },
            { key: 'moduleLabel', title: '模块', width: 12 },
            { key: 'actionLabel', title: '操作', width: 14 },
            { key: 'record', title: '记录', width: 32 },
            { key: 'change', title: '修改内容', width: 50 },
            { key: 'beforeJson', title: '修改前（原始数据）', width: 30 },
            { key: 'afterJson', title: '修改后（原始数据）', width: 30 },
          ],
          rows: rows.map((r) => ({
            time: localTime(r.at),
            userLogin: r.userLogin,
            userName: r.userName,
            viaLabel: r.viaLabel,
            moduleLabel: r.moduleLabel,
            actionLabel: r.actionLabel,
            record: r.recordLabel,
            change: r.changeText,
            beforeJson: r.before == null ? '' : JSON.stringify(r.before),
            afterJson: r.after == null ? '' : JSON.stringify(r.after),
          })),
        },
        `审计日志${filter.from ? '-' + filter.from : ''}${filter.to ? '至' + filter.to : ''}.xlsx`,
        settings?.unitName,
      );
      message.success(`已导出 ${rows.length} 条记录`);
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div data-testid="audit-page">
      <PageHead title="审计日志" level={3} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 8 }}>
          <Form.Item label="人员" name="person">
            <Select
              allowClear
              showSearch
              placeholder="全部"
              style={{ width: 180 }}
              options={(facets.data?.people ?? []).map((p) => ({ value: p.login, label: `${p.name}（${p.login}）` }))}
              optionFilterProp="label"
              data-testid="audit-person"
            />
          </Form.Item>
          <Form.Item label="日期" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item label="模块" name="module">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 140 }}
              options={(facets.data?.modules ?? []).map((m) => ({ value: m.module, label: m.label }))}
              data-testid="audit-module"
            />
          </Form.Item>
          <Form.Item label="记录" name="record">
            <Input allowClear placeholder="编码、批次号等" style={{ width: 180 }} data-testid="audit-record" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="audit-search">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                  setPage(1);
                }}
              >
                重置
              </Button>
              <Button
                icon={<DownloadOutlined />}
                onClick={doExport}
                loading={exporting}
                disabled={!log.data?.total}
                data-testid="audit-export"
              >
                导出Excel
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {log.error && <Alert type="error" showIcon message={log.error.message} style={{ marginBottom: 16 }} />}
      <Table<Row>
        size="small"
        rowKey="id"
        loading={log.loading}
        dataSource={log.data?.rows ?? []}
        locale={{ emptyText: '没有符合条件的记录' }}
        data-testid="audit-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (t) => `共 ${t} 条`,
          onChange: setPage,
        }}
        tableLayout="fixed"
        expandable={{
          columnTitle: '详细',
          columnWidth: 56,
          expandIcon: ({ expanded, onExpand, record, expandable }) =>
            expandable ? (
              <Typography.Link onClick={(e) => onExpand(record, e)} data-testid="audit-detail">
                {expanded ? '收起' : '详细'}
              </Typography.Link>
            ) : null,
          expandedRowRender: (r) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>
              {`记录：${r.record ?? '（无）'}\n修改前：${r.before == null ? '（无）' : JSON.stringify(r.before, null, 2)}\n修改后：${r.after == null ? '（无）' : JSON.stringify(r.after, null, 2)}`}
            </pre>
          ),
          rowExpandable: (r) => r.before != null || r.after != null,
        }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => localTime(v) },
          {
            title: '人员',
            width: 130,
            render: (_, r) => (r.userId === 0 ? r.userName : `${r.userName}（${r.userLogin}）`),
          },
          { title: '方式', dataIndex: 'viaLabel', width: 64 },
          { title: '模块', dataIndex: 'moduleLabel', width: 90 },
          { title: '操作', dataIndex: 'actionLabel', width: 110 },
          { title: '记录', dataIndex: 'recordLabel', width: 220 },
          {
            title: '修改内容',
            render: (_, r) => (
              <div data-testid="audit-change">
                {r.changes.map((c, i) => (
                  <div key={i}>
                    {c.before !== undefined && c.after !== undefined
                      ? `${c.label}：${c.before} → ${c.after}`
                      : c.before !== undefined
                        ? `${c.label}：${c.before} →（删除）`
                        : `${c.label}：${c.after}`}
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
