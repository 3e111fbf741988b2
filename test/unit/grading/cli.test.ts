/** `grading …` on the command line (CLI.md), on the hand-worked county of history.test.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, tempDir } from '../../helpers/backend';
import { handFixture } from '../reports/fixture';
import { runCli } from '../../../electron/cli';

let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('wb-grading-cli-');
  db = path.join(dir, 'w.db');
  const tb = testBackend({ dbPath: db, dataDir: dir });
  handFixture(tb.backend.db);
  tb.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...a: string[]) => {
  const r = runCli([...a, '--db', db], {});
  return { code: r.code, json: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
};

describe('grading (CLI)', () => {
  it('propose, adjust, submit, return, submit, approve, list and show', () => {
    const p = cli('grading', 'propose', '--as-of', '2026-02');
    expect(p.code).toBe(0);
    // hand-worked in history.test.ts
    expect(p.json.rows.map((r: any) => [r.retailer, r.current, r.computed, r.proposed])).toEqual([
      ['0002', 20, 10, 17],
      ['0003', 5, 20, 8],
      ['0001', 10, 30, 13],
    ]);
    const id = String(p.json.reviewId);

    const far = cli('grading', 'adjust', id, '--retailer', '0001', '--grade', '14', '--reason', '走访');
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('最多调整 3 档（7–13 档）');
    expect(cli('grading', 'adjust', id, '--retailer', '0001', '--grade', '12').code).toBe(2);
    const adj = cli('grading', 'adjust', id, '--retailer', '0001', '--grade', '12', '--reason', '门店装修停业一月');
    expect(adj.code).toBe(0);
    expect(adj.json.row).toMatchObject({
      retailer: '0001',
      suggested: 13,
      proposed: 12,
      adjustReason: '门店装修停业一月',
    });

    expect(cli('grading', 'submit', id).json).toMatchObject({ status: 'submitted', statusLabel: '已提交' });
    expect(cli('grading', 'return', id).code).toBe(2);
    expect(cli('grading', 'return', id, '--reason', '请复核').json).toMatchObject({
      status: 'returned',
      returnReason: '请复核',
    });
    expect(cli('grading', 'submit', id).json.status).toBe('submitted');
    expect(cli('grading', 'approve', id).json).toEqual({ reviewId: Number(id), status: 'approved', retailers: 3 });
    expect(cli('grading', 'approve', id).code).toBe(2);

    const list = cli('grading', 'list').json.reviews;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ asOf: '2026-02', status: 'approved', retailers: 3, moved: 3, adjusted: 1 });
    const show = cli('grading', 'show', id).json;
    expect(show.rows.map((r: any) => r.proposed)).toEqual([17, 8, 12]);
    expect(cli('grading', 'show', 'x').code).toBe(2);
  });
});
