import { mkdtemp, readFile, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { JsonlAuditLog, formatAnchor, parseAnchor, verifyAuditLog } from '../src/index.js';
import { event } from './fixtures.js';

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'audit-')), 'nested', 'audit.jsonl');
}

describe('JsonlAuditLog', () => {
  it('appends chained lines and continues the chain after reopening', async () => {
    const path = await tempFile();
    const first = await JsonlAuditLog.open(path);
    await Promise.all([first.append(event(1)), first.append(event(2)), first.append(event(3))]);
    const second = await JsonlAuditLog.open(path);
    expect(second.head()).toEqual(first.head());
    await second.append(event(4));
    const text = await readFile(path, 'utf8');
    const result = verifyAuditLog(text);
    expect(result).toMatchObject({ ok: true, lines: 4 });
    expect(result.head?.seq).toBe(4);
    expect(text.split('\n').map((l) => (l ? (JSON.parse(l) as { secretId: string }).secretId : ''))).toEqual([
      'svc-1',
      'svc-2',
      'svc-3',
      'svc-4',
      '',
    ]);
  });

  it('recovers a torn tail (crash mid-append) on open: drops only the partial line and records a value-free recovery event', async () => {
    const path = await tempFile();
    const log = await JsonlAuditLog.open(path);
    await log.append(event(1));
    await log.append(event(2));
    const torn = '{"seq":3,"prev":"ab","action":"rotation.fin';
    await appendFile(path, torn);
    const reopened = await JsonlAuditLog.open(path, { clock: { now: () => new Date('2025-01-02T00:00:00Z') } });
    expect(reopened.recovered).toEqual({ droppedBytes: Buffer.byteLength(torn), line: 3 });
    await reopened.append(event(4));
    const text = await readFile(path, 'utf8');
    expect(verifyAuditLog(text)).toMatchObject({ ok: true, lines: 4 });
    const records = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; details?: Record<string, unknown>; at: string });
    expect(records.map((r) => r.action)).toEqual([
      'store.putPending',
      'store.putPending',
      'audit.recovered',
      'store.putPending',
    ]);
    expect(records[2]).toMatchObject({
      at: '2025-01-02T00:00:00.000Z',
      outcome: 'success',
      details: { reason: 'torn-tail', droppedBytes: Buffer.byteLength(torn), line: 3 },
    });
    expect(text).not.toContain('rotation.fin');
  });

  it('damage other than a torn tail stays a hard error naming the line; a log that is only a torn line is recovered', async () => {
    const path = await tempFile();
    const log = await JsonlAuditLog.open(path);
    await log.append(event(1));
    await appendFile(path, 'not json\n{"partial":');
    await expect(JsonlAuditLog.open(path)).rejects.toMatchObject({
      code: 'AUDIT_MALFORMED',
      message: expect.stringContaining('line 2'),
    });
    await writeFile(path, '{"seq":1}\n');
    await expect(JsonlAuditLog.open(path)).rejects.toSatisfy((e) => isDocugenError(e, 'AUDIT_MALFORMED'));
    await writeFile(path, '{"partial":');
    const fresh = await JsonlAuditLog.open(path);
    expect(fresh.recovered).toEqual({ droppedBytes: 11, line: 1 });
    await fresh.append(event(1));
    expect(verifyAuditLog(await readFile(path, 'utf8'))).toMatchObject({ ok: true, lines: 2 });
  });

  it('refuses events the verifier would reject, and the chain does not advance', async () => {
    const log = await JsonlAuditLog.open(await tempFile());
    const bad = { ...event(1), fingerprint: 'plain-value' };
    await expect(log.append(bad)).rejects.toSatisfy(
      (e) => isDocugenError(e, 'AUDIT_INVALID_EVENT') && !e.message.includes('plain-value'),
    );
    await log.append(event(2));
    expect(log.head()?.seq).toBe(1);
  });

  it('formats and parses anchors', async () => {
    const log = await JsonlAuditLog.open(await tempFile());
    await log.append(event(1));
    const head = log.head()!;
    expect(parseAnchor(formatAnchor(head))).toEqual(head);
    expect(parseAnchor('x:y')).toBeUndefined();
  });
});
