/**
 * What to tell the user about an attachment's text: while it is still being read (正在提取, after the
 * write that stored the file) and when it could not be read (提取失败) — the search will not find words
 * inside it. Shared by the CLI (stderr) and the archive pages.
 */
export interface AttachmentTextResult {
  name: string;
  textStatus: string;
  textError?: string | null;
}

/** The text status of an attachment whose text is still to be read (the queue of textQueue.ts). */
export const TEXT_EXTRACTING = '正在提取';

/** How a text status is shown to the clerk. */
export function textStatusLabel(status: string): string {
  return status === TEXT_EXTRACTING ? '正在提取文字' : status;
}

export function unreadableNotes(attachments: readonly AttachmentTextResult[] | undefined): string[] {
  return (attachments ?? [])
    .filter((a) => a.textStatus === '提取失败')
    .map((a) => `附件“${a.name}”的文字未能提取（${a.textError ?? '原因不明'}），检索时找不到其中的内容`);
}
