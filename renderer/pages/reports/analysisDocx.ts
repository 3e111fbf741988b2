/**
 * 分析报告 as a Word document (.docx, via the docx package): title, 单位名称 and
 * period, the sections as headings and paragraphs (each line of a section is a
 * paragraph), and the signature line. Pure: works in the page and under Node.
 */
import { AlignmentType, Document, HeadingLevel, Paragraph, TextRun } from 'docx';

export interface AnalysisDoc {
  title: string;
  unitName?: string;
  periodLabel?: string;
  sections: { title: string; text: string }[];
  date?: string;
}

export function analysisDocument(d: AnalysisDoc): Document {
  const font = { ascii: 'SimSun', eastAsia: '仿宋', hAnsi: 'SimSun' };
  const body: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [
        new TextRun({
          text: d.title,
          bold: true,
          size: 36,
          font: { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' },
        }),
      ],
    }),
  ];
  const meta = [d.unitName ? `编制单位：${d.unitName}` : '', d.periodLabel ? `统计期间：${d.periodLabel}` : '']
    .filter(Boolean)
    .join('　　');
  if (meta)
    body.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: [new TextRun({ text: meta, size: 24, font })],
      }),
    );
  for (const s of d.sections) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        spacing: { before: 240, after: 120 },
        children: [
          new TextRun({
            text: s.title,
            bold: true,
            size: 30,
            font: { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' },
          }),
        ],
      }),
    );
    for (const line of s.text.split(/\n+/).filter((l) => l.trim())) {
      body.push(
        new Paragraph({
          indent: { firstLine: 640 },
          spacing: { line: 460 },
          children: [new TextRun({ text: line.trim(), size: 30, font })],
        }),
      );
    }
  }
  body.push(
    new Paragraph({
      spacing: { before: 480 },
      alignment: AlignmentType.RIGHT,
      children: [new TextRun({ text: `制表人：　　　　审核人：　　　　日期：${d.date ?? ''}`, size: 24, font })],
    }),
  );
  return new Document({
    creator: d.unitName || '县级营销内勤工作台',
    title: d.title,
    sections: [{ properties: {}, children: body }],
  });
}
