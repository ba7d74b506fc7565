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

  it('refuses to chain onto a damaged last line', async () => {
    const path = await tempFile();
    const log = await JsonlAuditLog.open(path);
    await log.append(event(1));
    await appendFile(path, '{"partial":');
    await expect(JsonlAuditLog.open(path)).rejects.toSatisfy((e) => isDocugenError(e, 'AUDIT_MALFORMED'));
    await writeFile(path, '{"seq":1}\n');
    await expect(JsonlAuditLog.open(path)).rejects.toSatisfy((e) => isDocugenError(e, 'AUDIT_MALFORMED'));
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
