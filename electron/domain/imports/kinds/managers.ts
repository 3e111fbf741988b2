/** 客户经理 import: upserted by 工号. */
import type { RowView } from './types';
import { masterKind } from './master';
import { normaliseCategory, normaliseFlag } from '../../masterdata';
import { codeText, dayToIso, isBlank, parseDay, type Cell, type Parsed } from '../values';

const fields = [
  { key: 'code', label: '工号', synonyms: ['工号', '员工编号', '客户经理工号', '客户经理编码'], required: true },
  { key: 'name', label: '姓名', synonyms: ['姓名', '客户经理', '客户经理姓名'] },
  { key: 'gender', label: '性别', synonyms: ['性别'] },
  { key: 'birth', label: '出生日期', synonyms: ['出生日期', '出生年月'], date: true },
  { key: 'education', label: '学历', synonyms: ['学历', '文化程度'] },
  { key: 'skill', label: '职业技能等级', synonyms: ['职业技能等级', '职级', '技能等级'] },
  {
    key: 'since',
    label: '任客户经理日期',
    synonyms: ['任客户经理日期', '任职日期', '从事客户经理起始日期', '任客户经理起始日期'],
    date: true,
  },
  { key: 'onDuty', label: '在岗状态', synonyms: ['在岗状态', '是否在岗'] },
  { key: 'phone', label: '电话', synonyms: ['联系电话', '电话', '手机号'] },
];

/** 出生年月 may give only a month ("1985-06", "1985年6月"): the 1st of that month is stored. */
function monthOrDay(c: Cell | undefined, what: string, date1904: boolean): Parsed<string | null> {
  if (typeof c === 'string') {
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(c.trim().normalize('NFKC'));
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { ok: true, value: `${m[1]}-${m[2].padStart(2, '0')}-01` };
  }
  const d = parseDay(c, what, date1904);
  if (!d.ok) return d;
  return { ok: true, value: d.value === null ? null : dayToIso(d.value) };
}

export const managersKind = masterKind({
  kind: 'managers',
  table: 'managers',
  codeLabel: '工号',
  noun: '客户经理',
  codeField: 'code',
  label: '客户经理',
  fields,
  nameLabel: '姓名',
  columns: () => {
    return (row: RowView, v: Record<string, unknown>) => {
      if (row.has('gender')) {
        const g = normaliseCategory('gender', row.get('gender'));
        if (!g.ok) return g;
        v.gender = g.value;
      }
      if (row.has('education')) {
        const e = normaliseCategory('education', row.get('education'));
        if (!e.ok) return e;
        v.education = e.value;
      }
      if (row.has('skill')) {
        const s = normaliseCategory('skillGrade', row.get('skill'));
        if (!s.ok) return s;
        v.skill_grade = s.value;
      }
      if (row.has('birth')) {
        const d = monthOrDay(row.get('birth'), '出生日期', row.date1904);
        if (!d.ok) return d;
        v.birth_date = d.value;
      }
      if (row.has('since')) {
        const d = monthOrDay(row.get('since'), '任客户经理日期', row.date1904);
        if (!d.ok) return d;
        v.manager_since = d.value;
      }
      if (row.has('onDuty')) {
        const f = normaliseFlag(row.get('onDuty'), '在岗状态');
        if (!f.ok) return f;
        v.on_duty = f.value ?? 1;
      }
      if (row.has('phone')) v.phone = isBlank(row.get('phone')) ? null : codeText(row.get('phone'));
      return null;
    };
  },
});
