/**
 * PDF options shared by Electron's printToPDF and Chromium's page.pdf(): A4,
 * margins, and the footer with 第 x 页 共 y 页. The footer template is plain
 * HTML filled by Chromium (pageNumber / totalPages), so both print the same.
 */
export interface PdfOptionsInput {
  landscape?: boolean;
  /** text at the left of the footer, e.g. the unit name */
  footerLeft?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function pdfOptions(o: PdfOptionsInput = {}) {
  const left = o.footerLeft ? escapeHtml(o.footerLeft) : '';
  const footerTemplate = `<div style="width:100%;font-size:8pt;font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;padding:0 14mm;display:flex;justify-content:space-between;color:#333"><span>${left}</span><span>第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</span></div>`;
  return {
    landscape: o.landscape ?? false,
    pageSize: 'A4' as const,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<div></div>',
    footerTemplate,
    /** page.pdf() margins (CSS units); the @page rule of the print view wins with preferCSSPageSize */
    margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
  };
}
