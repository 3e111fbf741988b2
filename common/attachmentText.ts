/**
 * What to tell the user when an attachment's text could not be read (提取失败): the search will
 * not find words inside it. Shared by the CLI (stderr) and the archive pages (a warning).
 */
export interface AttachmentTextResult {
  name: string;
  textStatus: string;
  textError?: string;
}

export function unreadableNotes(attachments: readonly AttachmentTextResult[] | undefined): string[] {
  return (attachments ?? [])
    .filter((a) => a.textStatus === '提取失败')
    .map((a) => `附件“${a.name}”的文字未能提取（${a.textError ?? '原因不明'}），检索时找不到其中的内容`);
}
