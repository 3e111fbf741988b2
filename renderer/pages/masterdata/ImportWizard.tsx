/**
 * The one import wizard for every kind: 选择文件 → 工作表与表头 → 列对应 →
 * 预览检查 → 导入 (a job with progress, rows/s, estimate and 取消) → 结果 with
 * the rejected rows to download. In the Electron window the file is read where
 * it lies; in browser mode its content is uploaded first.
 */
import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, ApiError, runJob, useCall } from '../../api/client';
import { JobProgress, useFollowUps, useJob } from '../../components/JobProgress';
import { DataGrid } from '../../components/DataGrid';
import type { JobOutput, Output } from '@contract';
import { DemoBanner, downloadBase64 } from './common';
import { exportXlsx } from '../../components/exportXlsx';
import { PageHead } from '../../components/PageHead';

type KindInfo = Output<'imports.kinds'>[number];

/** An empty workbook with the kind's columns as its header row: the clerk fills it and imports it back. */
function downloadTemplate(k: KindInfo): void {
  exportXlsx(
    {
      title: `${k.label}导入模板`,
      columns: k.fields.map((f) => ({ key: f.key, title: f.label, width: Math.max(10, f.label.length * 2 + 2) })),
      rows: [],
      sheetName: k.label,
    },
    `${k.label}导入模板`,
    undefined,
    { infoLine: false },
  );
}

type Preview = JobOutput<'imports.preview'>;
type DryRunView = JobOutput<'imports.dryRun'>;
/** What an import job returns (the contract's type, shared with the CLI). */
type ImportResultView = JobOutput<'imports.run'>;

interface Options {
  sheet?: string;
  headerRow?: number;
  mapping?: Record<string, number | null>;
  unit?: '条' | '箱';
  replace?: boolean;
  periodFrom?: string;
  periodTo?: string;
}

const STEPS = ['选择文件', '工作表与表头', '列对应', '预览检查', '导入结果'];

export function ImportWizard() {
  const { message } = App.useApp();
  const kinds = useCall('imports.kinds', {}, []);
  const [kind, setKind] = useState<string>('orders');
  const [source, setSource] = useState<{ file: string; fileName: string } | null>(null);
  const [opts, setOpts] = useState<Options>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState(0);
  const kindInfo = kinds.data?.find((k) => k.kind === kind);
  const job = useJob<ImportResultView>();
  const dry = useJob<DryRunView>();
  const followUps = useFollowUps();
  const [result, setResult] = useState<ImportResultView | null>(null);
  const failure: ApiError | null = job.state.running ? null : (job.state.error ?? null);
  const input = useRef<HTMLInputElement>(null);

  const runPreview = async (src = source, o: Options = opts, k = kind) => {
    if (!src) return null;
    setBusy(true);
    setError(null);
    try {
      // A job: the file is read on a job thread, never on the database's.
      const p = await runJob<Preview>('imports.preview', {
        kind: k,
        file: src.file,
        fileName: src.fileName,
        ...o,
        limit: 200,
      }).done;
      setPreview(p);
      return p;
    } catch (err) {
      setError((err as Error).message);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const pickFile = async (f: File) => {
    setBusy(true);
    setError(null);
    try {
      const up = await api.upload(f);
      const src = { file: up.file, fileName: up.fileName };
      setSource(src);
      setOpts({});
      const p = await runPreview(src, {});
      if (p) setStep(1);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const pickFromDisk = async () => {
    const bridge = api.bridge();
    if (!bridge) {
      input.current?.click();
      return;
    }
    const path = await bridge.openFile({
      title: '选择要导入的文件',
      filters: [{ name: 'Excel 或 CSV', extensions: ['xlsx', 'xls', 'csv', 'txt'] }],
    });
    if (!path) return;
    const src = { file: path, fileName: path.split(/[\\/]/).pop() ?? path };
    setSource(src);
    setOpts({});
    const p = await runPreview(src, {});
    if (p) setStep(1);
  };

  const update = async (patch: Options) => {
    const o = { ...opts, ...patch };
    dry.reset();
    setOpts(o);
    await runPreview(source, o);
  };

  /** Checks every row of the file as the import would, writing nothing. */
  const dryRun = async () => {
    if (!source) return;
    await dry.start('imports.dryRun', {
      kind,
      file: source.file,
      fileName: source.fileName,
      ...opts,
      mapping: opts.mapping ?? preview?.mapping,
    });
  };

  const commit = async () => {
    if (!source) return;
    setResult(null);
    followUps.follow([]);
    const r = await job.start('imports.run', {
      kind,
      file: source.file,
      fileName: source.fileName,
      ...opts,
      mapping: opts.mapping ?? preview?.mapping,
    });
    if (r) {
      followUps.follow(r.followUps);
      setResult(r);
      setStep(4);
      message.success(`已导入 ${r.rowsImported} 行`);
    }
  };
  const restart = () => {
    setSource(null);
    setPreview(null);
    setOpts({});
    setResult(null);
    job.reset();
    dry.reset();
    setStep(0);
  };

  return (
    <div data-testid="import-wizard">
      <PageHead title="导入向导" />
      <DemoBanner />
      <Steps current={step} items={STEPS.map((t) => ({ title: t }))} style={{ marginBottom: 16 }} size="small" />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="import-error" />}

      {step === 0 && (
        <Card>
          <Form layout="vertical" style={{ maxWidth: 560 }}>
            <Form.Item label="导入内容">
              <Select
                value={kinds.data ? kind : undefined}
                placeholder="正在读取导入类型…"
                onChange={async (k) => {
                  setKind(k);
                  // A file already chosen is read again for the new kind.
                  if (source) {
                    setOpts({});
                    const p = await runPreview(source, {}, k);
                    if (p) setStep(1);
                  }
                }}
                options={(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.label }))}
                data-testid="import-kind"
              />
            </Form.Item>
            <Form.Item label="文件" extra="支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码均可）；表头可以不在第一行">
              <input
                ref={input}
                type="file"
                accept=".xlsx,.xls,.csv,.txt"
                style={{ display: 'none' }}
                data-testid="import-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void pickFile(f);
                  e.target.value = '';
                }}
              />
              <Button
                type="primary"
                icon={<UploadOutlined />}
                loading={busy}
                onClick={pickFromDisk}
                data-testid="choose-file"
              >
                选择文件…
              </Button>
            </Form.Item>
          </Form>
          {kindInfo && (
            <div data-testid="import-columns" style={{ maxWidth: 880 }}>
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                “{kindInfo.label}”文件需要的列（列名可用括号中的任一写法，顺序不限）：
                <Button
                  type="link"
                  icon={<DownloadOutlined />}
                  onClick={() => downloadTemplate(kindInfo)}
                  data-testid="import-template"
                >
                  下载模板
                </Button>
              </Typography.Paragraph>
              <Space size={[6, 6]} wrap>
                {kindInfo.fields.map((f) => (
                  <Tag key={f.key} color={f.required ? 'red' : f.oneOf ? 'orange' : undefined}>
                    {f.required ? '必填 ' : f.oneOf ? '其一 ' : ''}
                    {f.label}
                    {f.synonyms.filter((x) => x !== f.label).length
                      ? `（${f.synonyms
                          .filter((x) => x !== f.label)
                          .slice(0, 3)
                          .join('、')}）`
                      : ''}
                  </Tag>
                ))}
              </Space>
            </div>
          )}
        </Card>
      )}

      {step === 1 && preview && (
        <Card
          title={
            <>
              <FileExcelOutlined /> {preview.fileName}
            </>
          }
          extra={<Tag data-testid="import-format">{preview.formatLabel}</Tag>}
        >
          {preview.sheetNote && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={preview.sheetNote} />}
          <Form layout="inline" style={{ marginBottom: 12 }}>
            <Form.Item label="工作表">
              <Select
                value={preview.sheet}
                style={{ minWidth: 160 }}
                onChange={(s) => update({ sheet: s, headerRow: undefined, mapping: undefined })}
                options={preview.sheets.map((s) => ({ value: s, label: s }))}
                data-testid="import-sheet"
              />
            </Form.Item>
            <Form.Item label="表头所在行">
              <Select
                value={preview.headerRow}
                style={{ width: 120 }}
                onChange={(r) => update({ headerRow: r, mapping: undefined })}
                options={[
                  ...preview.titleRows.map((r) => r.row),
                  preview.headerRow,
                  ...preview.rows.slice(0, 8).map((r) => r.row),
                ].map((r) => ({ value: r, label: `第 ${r} 行` }))}
                data-testid="import-header-row"
              />
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary">
            已自动找到表头（{preview.titleRows.length ? `上方有 ${preview.titleRows.length} 行标题` : '位于第一行'}
            ）。如不对，请选择正确的表头行。
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey="row"
            data-testid="sheet-top"
            columns={[
              { title: '行号', dataIndex: 'row', width: 60 },
              ...preview.header.map((_, i) => ({
                title: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ''),
                dataIndex: String(i),
                ellipsis: true,
              })),
            ]}
            dataSource={[
              ...preview.titleRows,
              { row: preview.headerRow, cells: preview.header },
              ...preview.rows.slice(0, 5),
            ].map((r) => ({
              row: r.row,
              ...Object.fromEntries((r.cells as unknown[]).map((c, i) => [String(i), c === null ? '' : String(c)])),
            }))}
            rowClassName={(r) => (r.row === preview.headerRow ? 'ant-table-row-selected' : '')}
          />
          <Space style={{ marginTop: 12 }}>
            <Button onClick={restart}>重新选择文件</Button>
            <Button type="primary" onClick={() => setStep(2)} data-testid="next-mapping">
              下一步：列对应
            </Button>
          </Space>
        </Card>
      )}

      {step === 2 && preview && (
        <Card
          title="列对应"
          extra={
            preview.remembered ? <Tag color="blue">已沿用上次这种表头的对应关系</Tag> : <Tag>按表头名称自动对应</Tag>
          }
        >
          <MappingEditor preview={preview} onChange={(mapping) => update({ mapping })} busy={busy} />
          {preview.missing && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="mapping-missing"
              message={`还缺少：${preview.missing}`}
              description="请为上表中标红的字段选择文件中的列；标“二选一”或“至少一项”的字段，同组中对应一列即可。对应齐全后才能预览和导入。"
            />
          )}
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => setStep(1)}>上一步</Button>
            <Button
              type="primary"
              onClick={() => setStep(3)}
              disabled={Boolean(preview.missing) || busy}
              data-testid="next-preview"
            >
              下一步：预览检查
            </Button>
          </Space>
        </Card>
      )}

      {step === 3 && preview && (
        <Spin spinning={busy} tip="正在重新检查…">
          <Card
            title={`预览检查：前 ${preview.checked} 行中 ${preview.okCount} 行可导入${
              onExistingDays(preview) ? `（其中 ${onExistingDays(preview)} 行的日期已有订单，须选择替换）` : ''
            }，${preview.rejectedCount} 行有问题`}
          >
            <Form layout="inline" style={{ marginBottom: 12 }}>
              {preview.fields.some((f) => ['qty', 'demand'].includes(f.key)) && (
                <Form.Item label="表头未注明单位的数量按" tooltip="表头写了(箱)或(条)的列按表头">
                  <Select
                    value={opts.unit ?? '条'}
                    style={{ width: 90 }}
                    onChange={(u) => update({ unit: u })}
                    options={[
                      { value: '条', label: '条' },
                      { value: '箱', label: '箱' },
                    ]}
                    data-testid="import-unit"
                  />
                </Form.Item>
              )}
              {kind === 'orders' && (
                <>
                  <Form.Item label="文件所属期间" tooltip="超出期间的订单行会被拒收">
                    <DatePicker.RangePicker
                      value={preview.period ? [dayjs(preview.period.from), dayjs(preview.period.to)] : null}
                      onChange={(v) =>
                        update(
                          v && v[0] && v[1]
                            ? { periodFrom: v[0].format('YYYY-MM-DD'), periodTo: v[1].format('YYYY-MM-DD') }
                            : { periodFrom: undefined, periodTo: undefined },
                        )
                      }
                    />
                  </Form.Item>
                  <Form.Item>
                    <Checkbox
                      checked={opts.replace ?? false}
                      onChange={(e) => void update({ replace: e.target.checked })}
                      data-testid="import-replace"
                    >
                      替换这些日期已有的订单
                    </Checkbox>
                  </Form.Item>
                </>
              )}
            </Form>
            {preview.period?.stated && (
              <Alert
                type="info"
                showIcon
                message={`文件标题注明期间：${preview.period.from} 至 ${preview.period.to}`}
                style={{ marginBottom: 8 }}
              />
            )}
            {preview.existingDays.length > 0 && (
              <Alert
                type={opts.replace ? 'warning' : 'error'}
                showIcon
                style={{ marginBottom: 8 }}
                data-testid="existing-days"
                message={`以下日期已有订单数据：${daysText(preview.existingDays)}`}
                description={
                  <>
                    {preview.existingImports.map((b) => (
                      <div key={b.batchId}>
                        {`${daysText(b.days)} 的订单来自第 ${b.batchId} 批导入“${b.fileName}”（${fmtTime(b.importedAt)} ${b.userName}）`}
                      </div>
                    ))}
                    <div>
                      {opts.replace
                        ? '已选择替换：导入时先移除这些日期原有的订单，撤销本批次即可恢复。'
                        : '可以勾选“替换这些日期已有的订单”，用本文件替换这些日期；不勾选则本文件不能导入。'}
                    </div>
                  </>
                }
              />
            )}
            <PreviewGrid preview={preview} />
            {dry.state.running && <JobProgress state={dry.state} onCancel={dry.cancel} label="正在检查整个文件" />}
            {!dry.state.running && dry.state.result && (
              <Alert
                type={dry.state.result.rowsRejected ? 'warning' : 'success'}
                showIcon
                style={{ marginTop: 8 }}
                data-testid="dry-run-result"
                message={`整个文件检查完毕（未写入任何数据）：共 ${dry.state.result.rowsRead} 行，${dry.state.result.rowsOk} 行可导入，${dry.state.result.rowsRejected} 行有问题${
                  dry.state.result.existingDays.length
                    ? `；其中 ${dry.state.result.existingDays.length} 天已有订单数据，需选择替换`
                    : ''
                }`}
                action={
                  dry.state.result.rejectedFile ? (
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      onClick={() => downloadRejected(dry.state.result!.rejectedFile!)}
                    >
                      下载有问题的行
                    </Button>
                  ) : undefined
                }
              />
            )}
            {!dry.state.running && dry.state.error && dry.state.error.code !== 'cancelled' && (
              <Alert type="error" showIcon style={{ marginTop: 8 }} message={dry.state.error.message} />
            )}
            {job.state.running && <JobProgress state={job.state} onCancel={job.cancel} label="正在导入" />}
            {failure && !job.state.running && (
              <Alert
                type={failure.code === 'cancelled' ? 'warning' : 'error'}
                showIcon
                style={{ marginTop: 8 }}
                message={failure.message}
                data-testid="import-failure"
                action={
                  (failure.details as { rejectedFile?: string } | undefined)?.rejectedFile ? (
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      onClick={() => downloadRejected((failure.details as { rejectedFile: string }).rejectedFile)}
                    >
                      下载未导入行
                    </Button>
                  ) : undefined
                }
              />
            )}
            <Space style={{ marginTop: 12 }}>
              <Button onClick={() => setStep(2)} disabled={job.state.running || dry.state.running}>
                上一步
              </Button>
              <Tooltip
                title={`逐行检查整个文件${preview.estimatedRows ? `（约 ${preview.estimatedRows.toLocaleString('zh-CN')} 行）` : ''}，不写入任何数据`}
              >
                <Button
                  onClick={dryRun}
                  loading={dry.state.running}
                  disabled={Boolean(preview.missing) || job.state.running}
                  data-testid="dry-run"
                >
                  检查整个文件
                </Button>
              </Tooltip>
              <Button
                type="primary"
                onClick={commit}
                loading={job.state.running}
                disabled={
                  Boolean(preview.missing) || (preview.okCount === 0 && preview.checked > 0) || dry.state.running
                }
                data-testid="start-import"
              >
                开始导入
              </Button>
            </Space>
          </Card>
        </Spin>
      )}

      {step === 4 && result && (
        <Card>
          <Result
            status={result.rowsRejected ? 'warning' : 'success'}
            title={`批次 #${result.batchId} 已导入`}
            subTitle={`读取 ${result.rowsRead} 行，导入 ${result.rowsImported} 行，未导入 ${result.rowsRejected} 行${result.replacedLines ? `，替换了原有 ${result.replacedLines} 行` : ''}`}
            extra={[
              result.rejectedFile ? (
                <Button
                  key="dl"
                  icon={<DownloadOutlined />}
                  onClick={() => downloadRejected(result.rejectedFile!)}
                  data-testid="download-rejected"
                >
                  下载未导入行（含原因）
                </Button>
              ) : null,
              <Button key="again" type="primary" onClick={restart}>
                继续导入
              </Button>,
              <Button key="hist" href="#/imports/history">
                查看导入历史
              </Button>,
            ]}
          />
          <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="文件">{result.file}</Descriptions.Item>
            <Descriptions.Item label="类型">{kinds.data?.find((k) => k.kind === result.kind)?.label}</Descriptions.Item>
            <Descriptions.Item label="日期范围">
              {result.dayFrom ? `${result.dayFrom} 至 ${result.dayTo}` : '—'}
            </Descriptions.Item>
          </Descriptions>
          {followUps.states.map((n) => (
            <Alert
              key={n.jobId}
              showIcon
              type={n.state === 'failed' ? 'error' : n.state === 'cancelled' ? 'warning' : 'info'}
              icon={n.state === 'running' ? <Spin size="small" /> : undefined}
              style={{ marginBottom: 12 }}
              data-testid="after-import-note"
              data-state={n.state}
              message={
                n.state === 'running'
                  ? `订单已导入；正在进行${n.label}……`
                  : n.state === 'done'
                    ? (n.message ?? `${n.label}已完成`)
                    : n.state === 'failed'
                      ? `${n.label}未完成（订单已导入，不受影响）：${n.message}。可在相应页面重新检查这些日期`
                      : `${n.label}已取消（订单已导入，不受影响）。可在相应页面重新检查这些日期`
              }
              action={
                n.state === 'running' ? (
                  <Button size="small" onClick={() => followUps.cancel(n.jobId)}>
                    取消检查
                  </Button>
                ) : (
                  <Button size="small" href={`#/monitor?from=${result.dayFrom}&to=${result.dayTo}`}>
                    {n.state === 'done' ? '查看内管预警' : '去内管页面重新检查'}
                  </Button>
                )
              }
            />
          ))}
          {result.rejected.length > 0 && (
            <Table
              size="small"
              rowKey="row"
              data-testid="rejected-table"
              pagination={{ pageSize: 20 }}
              columns={[
                { title: '行号', dataIndex: 'row', width: 80 },
                { title: '原因', dataIndex: 'reason' },
              ]}
              dataSource={result.rejected}
              title={() =>
                result.rowsRejected > result.rejected.length
                  ? `前 ${result.rejected.length} 行（共 ${result.rowsRejected} 行，全部见下载文件）`
                  : '未导入的行'
              }
            />
          )}
        </Card>
      )}
    </div>
  );
}

async function downloadRejected(file: string) {
  const r = await api.call('imports.rejectedFile', { file });
  downloadBase64(r.fileName, r.contentBase64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

function MappingEditor({
  preview,
  onChange,
  busy,
}: {
  preview: Preview;
  onChange: (m: Record<string, number | null>) => void;
  busy: boolean;
}) {
  const columns = preview.header.map((h, i) => ({
    value: i,
    label: `${String.fromCharCode(65 + (i % 26))}列 · ${h || '（空）'}`,
  }));
  const rows = preview.fields.map((f) => ({
    ...f,
    col: preview.mapping[f.key] ?? null,
    unit: (preview.units as Record<string, number>)[f.key],
  }));
  const mapped = (key: string) => preview.mapping[key] !== undefined && preview.mapping[key] !== null;
  const labelOf = (key: string) => preview.fields.find((f) => f.key === key)?.label ?? key;
  // A required field without a column, or a 二选一 group with none of its fields mapped, is marked in red.
  const lacking = (f: Preview['fields'][number]) =>
    (f.required && !mapped(f.key)) || (f.oneOf !== null && !f.oneOf.some(mapped));
  const unitText = (key: string, factor?: number) => {
    if (factor === undefined) return '';
    if (key === 'qty' || key === 'demand') return factor === 250 ? '箱' : factor === 50 ? '万支' : '条';
    if (key === 'amount') return factor === 1_000_000 ? '万元' : '元';
    return factor === 0.4 ? '元/箱' : '元/条';
  };
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      loading={busy}
      data-testid="mapping-table"
      dataSource={rows}
      columns={[
        {
          title: '字段',
          dataIndex: 'label',
          width: 180,
          render: (v, r) =>
            r.required ? (
              <b>{v} *</b>
            ) : r.oneOf ? (
              <Space size={6}>
                <b>{v}</b>
                <Tooltip title={`${r.oneOf.map(labelOf).join('、')}至少要对应一列，都对应也可以`}>
                  <Tag
                    color={lacking(r) ? 'error' : 'blue'}
                    style={{ marginInlineEnd: 0, cursor: 'help' }}
                    data-testid={`one-of-${r.key}`}
                  >
                    {r.oneOf.length === 2 ? '二选一' : '至少一项'}
                  </Tag>
                </Tooltip>
              </Space>
            ) : (
              v
            ),
        },
        {
          title: '文件中的列',
          dataIndex: 'col',
          render: (col: number | null, r) => (
            <Select
              style={{ width: 280 }}
              value={col ?? -1}
              status={lacking(r) ? 'error' : undefined}
              data-field={r.key}
              onChange={(v: number) =>
                onChange({ ...Object.fromEntries(Object.entries(preview.mapping)), [r.key]: v === -1 ? null : v })
              }
              options={[{ value: -1, label: '（不导入）' }, ...columns]}
            />
          ),
        },
        { title: '单位', dataIndex: 'unit', width: 80, render: (u, r) => unitText(r.key, u) },
        {
          title: '可识别的表头',
          dataIndex: 'synonyms',
          render: (s: string[]) => <Typography.Text type="secondary">{s.join('、')}</Typography.Text>,
        },
      ]}
    />
  );
}

/** Rows of the preview that are valid but fall on dates already imported. */
const onExistingDays = (p: Preview) => p.rows.filter((r) => r.status === 'exists').length;

/** Dates in a line: the first eight, then how many more. */
function daysText(days: string[]): string {
  return days.slice(0, 8).join('、') + (days.length > 8 ? ` 等 ${days.length} 天` : '');
}

/** An ISO time as the clerk's local 「2026-03-05 14:20」. */
function fmtTime(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

function PreviewGrid({ preview }: { preview: Preview }) {
  const { cols, rows } = useMemo(() => {
    const cols = [
      { key: '__row', title: '行号', type: 'int' as const, width: 6, pinned: 'left' as const },
      { key: '__status', title: '状态', width: 6, pinned: 'left' as const },
      { key: '__reason', title: '原因', width: 26 },
      ...preview.header.map((h, i) => ({ key: 'c' + i, title: h || `第${i + 1}列`, width: 12 })),
    ];
    const rows = preview.rows.map((r) => ({
      __row: r.row,
      __status: r.status === 'ok' ? '可导入' : r.status === 'exists' ? '日期已有' : '有问题',
      __reason: r.reason ?? '',
      ...Object.fromEntries((r.cells as unknown[]).map((c, i) => ['c' + i, c === null ? '' : String(c)])),
    }));
    return { cols, rows };
  }, [preview]);
  return <DataGrid testId="preview-grid" columns={cols} rows={rows as Record<string, unknown>[]} height={360} />;
}
