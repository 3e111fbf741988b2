/**
 * What an attachment is, from its bytes (never from its name), and what its text reading
 * answers: the light part of textExtract.ts, which the attachment store needs at every start
 * without loading the readers (SheetJS, iconv-lite) that textExtract.ts brings.
 */
export type BlobType =
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'ofd'
  | 'zip'
  | 'ole'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'tiff'
  | 'text'
  | 'binary';

/** Types the app previews inside its own window. */
export const PREVIEWABLE: Partial<Record<BlobType, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

export const TYPE_LABELS: Record<BlobType, string> = {
  pdf: 'PDF',
  docx: 'Word 文档',
  xlsx: 'Excel 表格',
  pptx: '演示文稿',
  ofd: 'OFD 版式文件',
  zip: '压缩包',
  ole: 'Office/WPS 旧格式',
  png: 'PNG 图片',
  jpeg: 'JPEG 图片',
  gif: 'GIF 图片',
  webp: 'WebP 图片',
  bmp: 'BMP 图片',
  tiff: 'TIFF 图片',
  text: '文本',
  binary: '其他文件',
};

export function startsWith(buf: Buffer, bytes: number[], at = 0): boolean {
  if (buf.length < at + bytes.length) return false;
  return bytes.every((b, i) => buf[at + i] === b);
}

/** The file's kind from its first bytes (and, for zip containers, the names of their parts). */
export function sniffType(buf: Buffer): BlobType {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // Part names are stored uncompressed in the local headers and central directory.
    const names = buf.toString('latin1');
    if (names.includes('word/document.xml')) return 'docx';
    if (names.includes('xl/workbook.xml') || names.includes('xl/workbook.bin')) return 'xlsx';
    if (names.includes('ppt/presentation.xml')) return 'pptx';
    if (names.includes('OFD.xml')) return 'ofd';
    return 'zip';
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(buf, [0x42, 0x4d]) && buf.length > 26 && buf.readUInt32LE(2) === buf.length) return 'bmp';
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (!buf.subarray(0, 65536).includes(0)) return 'text';
  return 'binary';
}

export interface Extracted {
  text: string;
  /** 已提取 / 无文本 / 不支持 / 提取失败 */
  status: '已提取' | '无文本' | '不支持' | '提取失败';
  pages?: number;
  /** why it failed, in Chinese (said to the clerk) */
  error?: string;
}

/** Types whose text is read (after the write, see textQueue.ts); any other is 不支持 at once. */
export function hasReadableText(type: BlobType): boolean {
  return type === 'pdf' || type === 'docx' || type === 'xlsx' || type === 'ole' || type === 'text';
}
