import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlAuditLog, formatAnchor, type AuditEvent } from '@docugen-secrets/audit';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';

function event(i: number): AuditEvent {
  return {
    at: `2026-11-29T12:00:0${i}.000Z`,
    actor: { kind: 'local', user: 'ada' },
    action: 'store.promote',
    secretId: `svc-${i}`,
    versionId: `v${i}`,
    outcome: 'success',
  };
}

async function writeLog(n: number): Promise<{ path: string; dir: string; head: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-audit-'));
  const path = join(dir, 'audit.jsonl');
  const log = await JsonlAuditLog.open(path);
  for (let i = 1; i <= n; i++) await log.append(event(i));
  return { path, dir, head: formatAnchor(log.head()!) };
}

describe('docugen-secrets audit verify', () => {
  it('accepts an intact log and prints its head', async () => {
    const { dir, head } = await writeLog(3);
    const r = await runCli(['audit', 'verify', 'audit.jsonl', '--anchor', head], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`audit.jsonl: ok, 3 line(s), head ${head}\n`);
  });

  it('reports the line that was edited', async () => {
    const { path, dir } = await writeLog(5);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[3] = lines[3]!.replace('"outcome":"success"', '"outcome":"failure"');
    await writeFile(path, lines.join('\n'));
    const r = await runCli(['audit', 'verify', 'audit.jsonl'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^audit\.jsonl:4: AUDIT_HASH_MISMATCH /m);
    expect(r.stdout.split('\n').filter((l) => /^audit\.jsonl:\d+:/.test(l))).toHaveLength(1);
  });

  it('reports a line that the edit left unreadable, and only that line', async () => {
    const { path, dir } = await writeLog(4);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"secretId":"svc-2"', '"secretId":svc-2');
    await writeFile(path, lines.join('\n'));
    const r = await runCli(['audit', 'verify', 'audit.jsonl'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => /^audit\.jsonl:\d+:/.test(l))).toEqual([
      'audit.jsonl:2: AUDIT_MALFORMED not valid JSON',
    ]);
  });

  it('reports a deleted line and a removed tail (with the anchor), as JSON too', async () => {
    const { path, dir, head } = await writeLog(4);
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, [lines[0], lines[2], ''].join('\n'));
    const r = await runCli(['audit', 'verify', 'audit.jsonl', '--anchor', head, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { files: { result: { problems: { line: number; code: string }[] } }[] };
    expect(out.files[0]!.result.problems.map((p) => `${p.line}:${p.code}`)).toEqual([
      '2:AUDIT_SEQ_GAP',
      '2:AUDIT_CHAIN_BROKEN',
      '3:AUDIT_TRUNCATED',
    ]);
  });

  it('treats usage mistakes and unreadable files as exit 2', async () => {
    const { dir } = await writeLog(1);
    expect((await runCli(['audit'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['audit', 'verify'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['audit', 'verify', 'a', 'b', '--anchor', '1:00'], { cwd: dir })).code).toBe(2);
    const missing = await runCli(['audit', 'verify', 'nope.jsonl'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.jsonl (ENOENT)');
  });
});

describe('docugen-secrets audit repair', () => {
  it('dry run by default; --write needs --drop-from; it backs up, cuts at the first problem and records it', async () => {
    const { path, dir } = await writeLog(5);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = 'garbage that is not a record';
    const damaged = lines.join('\n');
    await writeFile(path, damaged);
    const dry = await runCli(['audit', 'repair', 'audit.jsonl'], { cwd: dir });
    expect(dry).toMatchObject({ code: 1, stderr: '' });
    expect(dry.stdout).toContain('would drop lines 3–5 (3 line(s)');
    expect(dry.stdout).toContain('--write --drop-from 3');
    expect(await readFile(path, 'utf8')).toBe(damaged);
    const unconfirmed = await runCli(['audit', 'repair', 'audit.jsonl', '--write'], { cwd: dir });
    expect(unconfirmed.code).toBe(2);
    expect(await readFile(path, 'utf8')).toBe(damaged);

    const done = await runCli(
      ['audit', 'repair', 'audit.jsonl', '--write', '--drop-from', '3', '--backup', 'audit.bak'],
      { cwd: dir },
    );
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(await readFile(join(dir, 'audit.bak'), 'utf8')).toBe(damaged);
    const repaired = (await readFile(path, 'utf8')).trim().split('\n');
    expect(repaired).toHaveLength(3);
    expect(JSON.parse(repaired[2]!)).toMatchObject({
      action: 'audit.repaired',
      details: { fromLine: 3, droppedLines: 3, backup: 'audit.bak' },
    });
    expect((await runCli(['audit', 'verify', 'audit.jsonl'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['audit', 'repair', 'audit.jsonl'], { cwd: dir })).stdout).toContain('nothing to repair');
  });
});
