-- Attachment text is read after the write that stored the file, on a job thread
-- (electron/domain/archive/textQueue.ts): until then the blob waits with text_status
-- '正在提取'. The waiting rows are the queue, so it outlives a restart.
ALTER TABLE archive_blobs ADD COLUMN text_error TEXT;                       -- why the text could not be read (提取失败), in Chinese
ALTER TABLE archive_blobs ADD COLUMN text_tries INTEGER NOT NULL DEFAULT 0; -- attempts started; the queue gives up after 3
CREATE INDEX archive_blobs_waiting ON archive_blobs(stored_at) WHERE text_status = '正在提取';
