/**
 * The part of docx the page uses (renderer/pages/reports/analysisDocx.ts and
 * AnalysisPage), for the web type check only: docx's own typings reference
 * Node's types, which the page must not see. The same code is also checked
 * against docx's real typings by the Node-side program (tsconfig.json, which
 * holds the test of analysisDocument), so this cannot drift unnoticed.
 */
type FontSpec = string | { ascii?: string; eastAsia?: string; hAnsi?: string; cs?: string };

export declare const AlignmentType: {
  readonly LEFT: 'left';
  readonly CENTER: 'center';
  readonly RIGHT: 'right';
  readonly BOTH: 'both';
};
export declare const HeadingLevel: {
  readonly TITLE: 'Title';
  readonly HEADING_1: 'Heading1';
  readonly HEADING_2: 'Heading2';
  readonly HEADING_3: 'Heading3';
};

export interface TextRunOptions {
  text?: string;
  bold?: boolean;
  italics?: boolean;
  size?: number;
  font?: FontSpec;
  break?: number;
}
export declare class TextRun {
  constructor(options: TextRunOptions | string);
}

export interface ParagraphOptions {
  text?: string;
  children?: TextRun[];
  alignment?: (typeof AlignmentType)[keyof typeof AlignmentType];
  heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel];
  spacing?: { before?: number; after?: number; line?: number };
  indent?: { firstLine?: number; left?: number; right?: number; hanging?: number };
}
export declare class Paragraph {
  constructor(options: ParagraphOptions | string);
}

export interface DocumentOptions {
  creator?: string;
  title?: string;
  description?: string;
  sections: { properties?: object; children: Paragraph[] }[];
}
export declare class Document {
  constructor(options: DocumentOptions);
}

export declare const Packer: {
  toBlob(doc: Document): Promise<Blob>;
};
