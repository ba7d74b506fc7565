import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, MemoryAuditLog, canonicalJson, verifyAuditLog, type Json } from '../src/index.js';
import { event } from './fixtures.js';

async function logOf(n: number): Promise<MemoryAuditLog> {
  const log = new MemoryAuditLog();
  for (let i = 1; i <= n; i++) await log.append(event(i));
  return log;
}

function codes(text: string, anchor?: { seq: number; hash: string }): string[] {
  return verifyAuditLog(text, anchor ? { anchor } : {}).problems.map((p) => `${p.line}:${p.code}`);
}

describe('verifyAuditLog', () => {
  it('accepts an intact log and reports its head', async () => {
    const log = await logOf(5);
    const result = verifyAuditLog(log.text());
    expect(result).toMatchObject({ ok: true, lines: 5, problems: [] });
    expect(result.head).toEqual(log.head());
    expect(log.records[0]?.prev).toBe(GENESIS_HASH);
  });

  it('accepts an empty log', () => {
    expect(verifyAuditLog('')).toEqual({ ok: true, lines: 0, problems: [] });
  });

  it('reports an edited field on the edited line', async () => {
    const lines = (await logOf(5)).lines.slice();
    const rec = JSON.parse(lines[2]!) as Record<string, Json>;
    rec['outcome'] = 'failure';
    lines[2] = canonicalJson(rec);
    expect(codes(lines.join('\n') + '\n')).toEqual(['3:AUDIT_HASH_MISMATCH']);
  });

  it('reports an edit that recomputes the line hash where the chain breaks', async () => {
    const log = await logOf(4);
    const lines = log.lines.slice();
    const rec = JSON.parse(lines[1]!) as Record<string, Json>;
    rec['secretId'] = 'other';
    const { hash: _h, ...rest } = rec;
    const { recordHash } = await import('../src/index.js');
    lines[1] = canonicalJson({ ...rest, hash: recordHash(rest) });
    expect(codes(lines.join('\n') + '\n')).toEqual(['3:AUDIT_CHAIN_BROKEN']);
  });

  it('reports a non-canonical rewrite (whitespace) of a line', async () => {
    const lines = (await logOf(3)).lines.slice();
    lines[0] = JSON.stringify(JSON.parse(lines[0]!), null, 1).replaceAll('\n', '');
    expect(codes(lines.join('\n') + '\n')).toEqual(['1:AUDIT_MALFORMED']);
  });

  it('reports a deleted line', async () => {
    const lines = (await logOf(5)).lines.slice();
    lines.splice(2, 1);
    expect(codes(lines.join('\n') + '\n')).toEqual(['3:AUDIT_SEQ_GAP', '3:AUDIT_CHAIN_BROKEN']);
  });

  it('reports a deleted first line', async () => {
    const lines = (await logOf(3)).lines.slice(1);
    expect(codes(lines.join('\n') + '\n')).toEqual(['1:AUDIT_SEQ_GAP', '1:AUDIT_CHAIN_BROKEN']);
  });

  it('reports reordered lines', async () => {
    const lines = (await logOf(4)).lines.slice();
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    const found = codes(lines.join('\n') + '\n');
    expect(found).toContain('2:AUDIT_SEQ_GAP');
    expect(found).toContain('3:AUDIT_CHAIN_BROKEN');
  });

  it('reports garbage and unknown members as malformed, and keeps checking later lines', async () => {
    const lines = (await logOf(3)).lines.slice();
    const rec = JSON.parse(lines[2]!) as Record<string, Json>;
    lines[1] = 'not json';
    lines[2] = canonicalJson({ ...rec, value: 'x' });
    expect(codes(lines.join('\n') + '\n')).toEqual(['2:AUDIT_MALFORMED', '3:AUDIT_MALFORMED']);
  });

  it('reports a line an edit made unreadable on that line only, not again on the next', async () => {
    const lines = (await logOf(5)).lines.slice();
    lines[2] = lines[2]!.slice(0, -5); // no longer JSON
    expect(codes(lines.join('\n') + '\n')).toEqual(['3:AUDIT_MALFORMED']);
    const again = (await logOf(5)).lines.slice();
    again[2] = again[2]!.replace('"outcome":"success"', '"outcome":"maybe"'); // JSON, but not a record
    expect(codes(again.join('\n') + '\n')).toEqual(['3:AUDIT_MALFORMED']);
  });

  it('reports a cut last line', async () => {
    const text = (await logOf(2)).text();
    expect(codes(text.slice(0, -10))).toContain('2:AUDIT_MALFORMED');
  });

  it('detects a removed tail only with an anchor', async () => {
    const log = await logOf(5);
    const anchor = log.head()!;
    const cut = log.lines
      .slice(0, 3)
      .map((l) => `${l}\n`)
      .join('');
    expect(verifyAuditLog(cut).ok).toBe(true);
    expect(codes(cut, anchor)).toEqual(['4:AUDIT_TRUNCATED']);
    expect(codes(log.text(), anchor)).toEqual([]);
    expect(codes(log.text(), { seq: anchor.seq, hash: 'a'.repeat(64) })).toEqual(['5:AUDIT_CHAIN_BROKEN']);
  });

  it('never quotes line content in messages', async () => {
    const lines = (await logOf(2)).lines.slice();
    lines[1] = lines[1]!.replace('svc-2', 'CANARY-edited');
    const { problems } = verifyAuditLog(lines.join('\n') + '\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message).not.toContain('CANARY');
  });
});
