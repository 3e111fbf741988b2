/**
 * Demo county: believable registers for the generated years — 上级来文 with
 * 办理期限 and 传阅, our own 发文, monthly 报表报送 — with earlier years filed
 * (件号/档号 per group), a few items still overdue and a few originals lent out.
 * No attachments: the demo has no files to attach.
 */
import { dayText } from '../../../common/days';
import { registerDemoExtension, type DemoContext } from '../masterdata';
import { addDoc, addRead, setStatus } from './register';
import { fileDoc } from './filing';
import { lend, returnLoan } from './loans';
import type { Retention } from './rules';

const SENDERS = [
  '市局（公司）营销中心',
  '市局（公司）专卖科',
  '市局（公司）办公室',
  '省局（公司）营销处',
  '县人民政府办公室',
  '市局（公司）财务科',
  '市局（公司）物流中心',
];
const ACTS = ['关于开展', '关于做好', '关于印发', '关于调整', '关于加强', '关于进一步规范'];
const TOPICS = [
  '网建达标考核',
  '卷烟零售价格监测',
  '零售户信息采集',
  '一户一码推广',
  '电子结算推广',
  '春节期间卷烟市场供应',
  '品牌培育',
  '客户满意度调查',
  '现代终端建设',
  '客户经理绩效考核',
  '货源投放策略',
  '安全生产检查',
];
const TAILS = ['工作的通知', '的实施方案', '有关事项的通知', '工作的意见', '的紧急通知'];
const OUR = ['月度营销工作总结', '网建达标情况通报', '客户经理考核结果通报', '货源投放方案', '市场走访情况报告'];
const REPORTS = ['卷烟销售月报', '网建指标月报', '零售户结构统计表', '市场价格监测周报', '客户满意度调查汇总表'];
const PEOPLE = ['张伟', '李娜', '王芳', '刘洋', '陈晨', '杨帆', '赵敏', '黄磊'];

const iso = dayText;

function addDays(isoDate: string, days: number): string {
  const d = new Date(isoDate + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function generateArchiveDemo(ctx: DemoContext): void {
  const { db, random } = ctx;
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
  const scale = ctx.size === 'small' ? 1 : 3;
  const from = iso(ctx.dayFrom);
  const to = iso(ctx.dayTo);
  const span = Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
  const lastYear = Number(to.slice(0, 4));
  // Dates in order, so numbers ascend with the date as in a paper register.
  const dates = (n: number) => Array.from({ length: n }, () => addDays(from, Math.floor(random() * (span + 1)))).sort();
  const years = Math.max(1, Math.ceil(span / 365));
  const filed: { id: number; retention: Retention; year: number }[] = [];

  for (const date of dates(120 * scale * years)) {
    const title = `${pick(ACTS)}${pick(TOPICS)}${pick(TAILS)}`;
    const year = Number(date.slice(0, 4));
    const d = addDoc(
      db,
      {
        kind: '收文',
        date,
        title,
        fromOrg: pick(SENDERS),
        docNo: `${pick(['营', '专', '办', '财'])}〔${year}〕${1 + Math.floor(random() * 200)}号`,
        secrecy: random() < 0.15 ? '内部' : '公开',
        urgency: title.includes('紧急') ? '急' : '普通',
        copies: 1 + Math.floor(random() * 2),
        pages: 1 + Math.floor(random() * 8),
        handler: pick(PEOPLE),
        signer: pick(PEOPLE),
        dueDate: addDays(date, 5 + Math.floor(random() * 20)),
      },
      '示例数据',
    );
    if (random() < 0.6)
      addRead(
        db,
        d.id,
        '客服部主任',
        addDays(date, 1),
        pick(['请客服部落实', '已阅', '按通知要求办理', '请各客户经理知悉']),
      );
    // Recent items are still being handled (some past their 办理期限); older ones are done.
    const recent = date >= addDays(to, -40);
    if (recent) {
      if (random() < 0.5) setStatus(db, d.id, pick(['已阅', '转交']));
      continue;
    }
    setStatus(db, d.id, '办结');
    if (year < lastYear)
      filed.push({ id: d.id, retention: title.includes('方案') || title.includes('考核') ? 'D30' : 'D10', year });
  }
  for (const date of dates(40 * scale * years)) {
    const d = addDoc(
      db,
      {
        kind: '发文',
        date,
        title: `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${pick(OUR)}`,
        toOrg: '各客户经理',
        cc: '市局（公司）营销中心',
        drafter: pick(PEOPLE),
        signer: '客服部主任',
        pages: 2 + Math.floor(random() * 6),
      },
      '示例数据',
    );
    if (Number(date.slice(0, 4)) < lastYear)
      filed.push({ id: d.id, retention: d.title.includes('总结') ? 'Y' : 'D30', year: d.year });
  }
  for (const date of dates(36 * scale * years)) {
    addDoc(
      db,
      {
        kind: '报送',
        date,
        title: pick(REPORTS),
        toOrg: '市局（公司）营销中心',
        channel: pick(['内网邮件', '营销系统上报', '纸质报送']),
        drafter: pick(PEOPLE),
      },
      '示例数据',
    );
  }
  // File year by year, in date order, so 件号 follow the register.
  filed.sort((a, b) => a.year - b.year || a.id - b.id);
  for (const f of filed) fileDoc(db, { id: f.id, retention: f.retention, filedOn: `${f.year + 1}-03-15` });
  // A few originals lent out: returned, still out, and one overdue.
  const lendable = filed.slice(-6);
  lendable.forEach((f, i) => {
    const lentOn = addDays(to, -30 + i * 4);
    const loan = lend(db, f.id, pick(PEOPLE), lentOn, addDays(lentOn, 7), '查阅原件');
    if (i < 3) returnLoan(db, loan.id, addDays(lentOn, 5));
  });
}

registerDemoExtension(generateArchiveDemo);
