/** Shared bits of the archive pages: labels, file reading, downloads, highlighting, attachment text state. */
import { useEffect, type ReactNode } from 'react';
import { Form, Input, Select, Tag, Tooltip } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import type { Output } from '@contract';
import { api, dataChanged } from '../../api/client';
import { TEXT_EXTRACTING, textStatusLabel } from '../../../common/attachmentText';
import { todayText } from '../../../common/days';

export type Doc = Output<'archive.get'>['doc'];
export type Hit = Output<'archive.search'>['hits'][number];
export type Kind = '收文' | '发文' | '报送';

export const KINDS: Kind[] = ['收文', '发文', '报送'];
export const KIND_TITLES: Record<Kind, string> = { 收文: '收文登记', 发文: '发文登记', 报送: '报表报送登记' };
export const RETENTION_LABELS: Record<string, string> = { Y: '永久', D30: '定期30年', D10: '定期10年' };
export const SECRECY = ['公开', '内部', '秘密', '机密'] as const;
export const URGENCY = ['普通', '急', '特急'] as const;
export const IN_STATUSES = ['待处理', '已阅', '转交', '办结'] as const;

/** Field labels that change with the kind of entry. */
export function labelsOf(kind: Kind) {
  return {
    number: kind === '收文' ? '收文号' : kind === '发文' ? '发文字号' : '报送编号',
    date: kind === '收文' ? '收文日期' : kind === '发文' ? '发文日期' : '报送日期',
    title: kind === '报送' ? '报表名称' : '标题',
    docNo: kind === '收文' ? '来文字号' : '原文号',
    toOrg: kind === '发文' ? '主送/发往机关' : '报送对象',
    signer: kind === '收文' ? '签收人' : '签发人',
    drafter: kind === '发文' ? '拟稿人' : '报送人',
  };
}

export function StatusTag({ status, dueDate }: { status: string; dueDate?: string | null }) {
  const overdue = !!dueDate && ['待处理', '已阅', '转交'].includes(status) && dueDate < todayIso();
  const color =
    status === '归档'
      ? 'blue'
      : status === '办结'
        ? 'green'
        : overdue
          ? 'red'
          : status === '待处理'
            ? 'orange'
            : 'default';
  return (
    <Tag color={color}>
      {status}
      {overdue ? '（逾期）' : ''}
    </Tag>
  );
}

/** Today on this computer's calendar, 'YYYY-MM-DD'. */
export const todayIso = (): string => todayText();

/** The years that hold entries, as the 年度 filter's options. */
export const yearOptions = (years: readonly number[] | undefined) =>
  (years ?? []).map((y) => ({ value: y, label: `${y}年` }));

/** Reads a picked or dropped file as base64 for archive.add / archive.attach. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function base64ToBlob(b64: string, type: string): Blob {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** Saves bytes under a name through the browser's download (Electron asks where). */
export function download(b64: string, name: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(base64ToBlob(b64, type));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fmtSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Same folding as the search index (full-width, case, brackets), so marks line up with hits. */
function fold(s: string): string {
  let out = '';
  for (const c of s) {
    const n = c
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[[(（【〔［〖{｛]/g, '〔')
      .replace(/[\])）】〕］〗}｝]/g, '〕');
    out += n.length === c.length ? n : c;
  }
  return out;
}

/** Wraps every occurrence of the search words in <mark>. */
export function highlight(text: string, terms: string[]): ReactNode {
  if (!text || terms.length === 0) return text;
  const f = fold(text); // same length as text, so positions line up
  const marks = new Array<boolean>(text.length).fill(false);
  for (const t of terms) {
    if (!t) continue;
    let at = f.indexOf(t);
    while (at >= 0) {
      for (let i = at; i < at + t.length; i++) marks[i] = true;
      at = f.indexOf(t, at + t.length);
    }
  }
  const out: ReactNode[] = [];
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && marks[j] === marks[i]) j++;
    out.push(marks[i] ? <mark key={i}>{text.slice(i, j)}</mark> : text.slice(i, j));
    i = j;
  }
  return <>{out}</>;
}

export function searchParam(name: string): string | null {
  const hash = typeof location !== 'undefined' ? location.hash : '';
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get(name);
}

/** 「正在提取文字」 while an attachment's text is still being read after it was stored. */
export function ExtractingTag() {
  return (
    <Tag icon={<SyncOutlined spin />} color="processing" data-testid="text-extracting">
      {textStatusLabel(TEXT_EXTRACTING)}
    </Tag>
  );
}

/** An attachment's text status as the clerk sees it; a failure shows its reason on hover. */
export function TextStatus({ status, error }: { status: string; error?: string | null }) {
  if (status === TEXT_EXTRACTING) return <ExtractingTag />;
  if (status === '提取失败')
    return (
      <Tooltip title={error ?? '原因不明'}>
        <Tag color="warning">{status}</Tag>
      </Tooltip>
    );
  return <>{status}</>;
}

/**
 * While something on screen still says 「正在提取文字」, the page asks again when the backend says
 * text was read (its 'archive.extractText' events), and every few seconds should an event be missed.
 */
export function useTextExtractionRefresh(waiting: boolean): void {
  useEffect(() => {
    if (!waiting) return;
    const off = api.onJob((e) => {
      if (e.name === 'archive.extractText' && (e.type === 'progress' || e.type === 'done')) dataChanged();
    });
    const timer = setInterval(dataChanged, 5000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [waiting]);
}

/** 保管期限 and 机构(问题)代码 of a 归档 form (one item in the drawer, or a batch in the register). */
export function RetentionAndOrgItems({ retentionTestId }: { retentionTestId?: string }) {
  return (
    <>
      <Form.Item name="retention" label="保管期限" rules={[{ required: true }]}>
        <Select
          data-testid={retentionTestId}
          options={Object.entries(RETENTION_LABELS).map(([value, label]) => ({
            value,
            label: `${label}（${value}）`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="orgCode"
        label="机构(问题)代码"
        rules={[{ required: true, pattern: /^[A-Za-z]{1,6}$/, message: '1–6位字母，如 KFB' }]}
      >
        <Input maxLength={6} />
      </Form.Item>
    </>
  );
}
