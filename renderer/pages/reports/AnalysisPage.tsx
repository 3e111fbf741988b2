/**
 * 分析报告: drafted from the month's figures, edited by the clerk, exported to
 * Word (.docx) and printed to PDF. The draft being edited is kept in this
 * browser's storage so the print view (another window) prints what was edited.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Space, Spin, Typography } from 'antd';
import { Packer } from 'docx';
import { useCall } from '../../api/client';
import { PrintButton } from '../../components/PrintButton';
import { PeriodPicker } from '../../components/PeriodPicker';
import { useApp } from '../../app/AppContext';
import { todayIso } from '../../components/format';
import { defaultMonth, periodText, ScopePicker, useReportOptions, searchParam, periodFromText } from './common';
import { analysisDocument } from './analysisDocx';

export const DRAFT_KEY = 'reports.analysisDraft';

export interface StoredDraft {
  period: string;
  periodLabel: string;
  title: string;
  sections: { title: string; text: string }[];
}

export function loadDraft(): StoredDraft | null {
  try {
    return JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function saveDraft(d: StoredDraft): void {
  localStorage.setItem(DRAFT_KEY, JSON.stringify(d));
}

export async function downloadDocx(d: StoredDraft, unitName?: string): Promise<void> {
  const blob = await Packer.toBlob(
    analysisDocument({ title: d.title, unitName, periodLabel: d.periodLabel, sections: d.sections, date: todayIso() }),
  );
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${d.title}.docx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

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
  const { data, error, loading, reload } = useCall('reports.analysis', opts.data ? input : null, [opts.data]);
  const [draft, setDraft] = useState<StoredDraft | null>(null);
  useEffect(() => {
    if (data) {
      const d = { period: input.period, periodLabel: effective.label, title: data.title, sections: data.sections };
      setDraft(d);
      saveDraft(d);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
  const update = (d: StoredDraft) => {
    setDraft(d);
    saveDraft(d);
  };
  return (
    <div data-testid="analysis-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        分析报告
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <PeriodPicker
          value={effective}
          onChange={(p) => {
            setTouched(true);
            setPeriod(p);
          }}
        />
        <ScopePicker value={scope} onChange={setScope} options={opts.data} />
        <Button onClick={reload}>重新生成草稿</Button>
        <Button
          type="primary"
          disabled={!draft}
          onClick={() =>
            draft && downloadDocx(draft, settings?.unitName).then(() => message.success('已导出 Word 文档'))
          }
          data-testid="export-docx"
        >
          导出Word
        </Button>
        <PrintButton route="/reports/print/analysis" name={draft?.title} label="打印/PDF" />
      </Space>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="草稿中的数字取自与报表相同的查询结果；可直接修改文字，导出和打印使用修改后的内容。"
      />
      {error && <Alert type="error" showIcon message={error.message} />}
      {loading && !draft && <Spin />}
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
