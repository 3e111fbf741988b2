/**
 * 分析报告: drafted from the month's figures, edited by the clerk, saved in the
 * database (every save a version: who and when), exported to Word (.docx) and
 * printed to PDF. The print view and the 月报 use the newest saved version.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Select, Spin } from 'antd';
import { Packer } from 'docx';
import { api, ApiError, useCall } from '../../api/client';
import { PrintButton } from '../../components/PrintButton';
import { PeriodPicker } from '../../components/PeriodPicker';
import { useApp } from '../../app/AppContext';
import { todayIso } from '../../components/format';
import {
  defaultMonth,
  periodText,
  ScopePicker,
  useReportOptions,
  searchParam,
  periodFromText,
  query,
  ThroughNote,
} from './common';
import { analysisDocument } from './analysisDocx';
import { localTimeText } from '../../../common/days';
import { PageHead } from '../../components/PageHead';

export interface Draft {
  title: string;
  sections: { title: string; text: string }[];
}

export async function downloadDocx(d: Draft, periodLabel: string, unitName?: string): Promise<void> {
  const blob = await Packer.toBlob(
    analysisDocument({ title: d.title, unitName, periodLabel, sections: d.sections, date: todayIso() }),
  );
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${d.title}.docx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** 2026-12-05T02:03:04.000Z → 2026-12-05 10:03 (local time) */
export const fmtSavedAt = (iso: string): string => localTimeText(iso);

export function AnalysisPage() {
  const { settings } = useApp();
  const { message } = App.useApp();
  const opts = useReportOptions();
  const [period, setPeriod] = useState(() => periodFromText(searchParam('period'), defaultMonth(null)));
  const [touched, setTouched] = useState(false);
  const [scope, setScope] = useState('county');
  const effective = touched
    ? period
    : periodFromText(searchParam('period'), defaultMonth(opts.data?.latestCompleteMonth));
  const input = { period: periodText(effective), scope };
  const generated = useCall('reports.analysis', opts.data ? input : null, [opts.data]);
  const saved = useCall('reports.analysisDrafts', opts.data ? input : null, [opts.data]);
  const sales = useCall('reports.sales', opts.data ? { ...input, by: 'total' as never, lean: true } : null, [
    opts.data,
  ]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  // the editor starts from the newest saved version, else from the fresh draft
  useEffect(() => {
    if (!generated.data || !saved.data) return;
    const s = saved.data.latest;
    setDraft(s ? { title: s.title, sections: s.sections } : generated.data);
    setDirty(false);
  }, [generated.data, saved.data]);
  const update = (d: Draft) => {
    setDraft(d);
    setDirty(true);
  };
  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      await api.call('reports.saveAnalysisDraft', { ...input, title: draft.title, sections: draft.sections });
      message.success('已保存分析报告');
      saved.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  };
  const latest = saved.data?.latest ?? null;
  return (
    <div data-testid="analysis-page">
      <PageHead title="分析报告">
        <PeriodPicker
          value={effective}
          onChange={(p) => {
            setTouched(true);
            setPeriod(p);
          }}
        />
        <ScopePicker value={scope} onChange={setScope} options={opts.data} />
        <Button
          loading={regenerating}
          onClick={() => {
            setRegenerating(true);
            api
              .call('reports.analysis', input)
              .then((d) => {
                setDraft(d);
                setDirty(true);
              })
              .catch((e: ApiError) => message.error(e.message))
              .finally(() => setRegenerating(false));
          }}
          data-testid="regenerate"
        >
          按最新数据重新生成
        </Button>
        <Button type="primary" loading={saving} disabled={!draft} onClick={save} data-testid="save-analysis">
          保存
        </Button>
        <Button
          disabled={!draft}
          onClick={() =>
            draft &&
            downloadDocx(draft, effective.label, settings?.unitName).then(() => message.success('已导出 Word 文档'))
          }
          data-testid="export-docx"
        >
          导出Word
        </Button>
        <PrintButton route={`/reports/print/analysis?${query(input)}`} name={draft?.title} label="打印/PDF" />
        {saved.data && saved.data.history.length > 0 && (
          <Select
            style={{ width: 300 }}
            placeholder="历史版本"
            data-testid="analysis-history"
            options={saved.data.history.map((h) => ({
              value: h.id,
              label: `${fmtSavedAt(h.savedAt)} ${h.savedBy}`,
            }))}
            onChange={(id: number) =>
              api
                .call('reports.analysisDraft', { id })
                .then((d) => {
                  setDraft({ title: d.title, sections: d.sections });
                  setDirty(true);
                })
                .catch((e: ApiError) => message.error(e.message))
            }
          />
        )}
      </PageHead>
      <ThroughNote data={sales.data} />
      <Alert
        type={dirty ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="analysis-status"
        message={
          dirty
            ? '有未保存的修改：打印和月报使用已保存的版本，请先保存。'
            : latest
              ? `当前为 ${latest.savedBy} 于 ${fmtSavedAt(latest.savedAt)} 保存的版本。打印和月报使用此版本。`
              : '当前为按本期数据生成的草稿，尚未保存。每句话都由报表数字按文末“判断标准”生成，可直接修改后保存。'
        }
      />
      {generated.error && <Alert type="error" showIcon message={generated.error.message} />}
      {(generated.loading || saved.loading) && !draft && <Spin />}
      {draft && (
        <Card size="small">
          <Input
            value={draft.title}
            onChange={(e) => update({ ...draft, title: e.target.value })}
            style={{ fontSize: 18, fontWeight: 600, marginBottom: 12 }}
            data-testid="analysis-title"
          />
          {draft.sections.map((s, i) => (
            <div key={i} style={{ marginBottom: 12 }}>
              <Input
                value={s.title}
                variant="borderless"
                style={{ fontWeight: 600 }}
                onChange={(e) =>
                  update({
                    ...draft,
                    sections: draft.sections.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)),
                  })
                }
              />
              <Input.TextArea
                autoSize={{ minRows: 2 }}
                value={s.text}
                data-testid={`analysis-section-${i}`}
                onChange={(e) =>
                  update({
                    ...draft,
                    sections: draft.sections.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                  })
                }
              />
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}
