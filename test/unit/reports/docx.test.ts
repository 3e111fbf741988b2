import { describe, expect, it } from 'vitest';
import { Packer } from 'docx';
import mammoth from 'mammoth';
import { analysisDocument } from '../../../renderer/pages/reports/analysisDocx';

describe('分析报告 as Word', () => {
  it('writes the title, unit, period and every edited section into the .docx', async () => {
    const doc = analysisDocument({
      title: '2026年3月卷烟销售分析报告',
      unitName: '示范县烟草专卖局（分公司）',
      periodLabel: '2026年3月',
      sections: [
        { title: '一、总体销售情况', text: '本月共销售卷烟0.18箱。\n第二段：同比增长95.65%。' },
        { title: '六、下步建议', text: '1. 加强走访。' },
      ],
      date: '2026-04-02',
    });
    const buf = await Packer.toBuffer(doc);
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(buf) });
    const lines = value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(lines[0]).toBe('2026年3月卷烟销售分析报告');
    expect(lines).toContain('编制单位：示范县烟草专卖局（分公司）　　统计期间：2026年3月');
    expect(lines).toContain('本月共销售卷烟0.18箱。');
    expect(lines).toContain('第二段：同比增长95.65%。');
    expect(lines).toContain('六、下步建议');
    expect(value).toContain('日期：2026-04-02');
  });
});
