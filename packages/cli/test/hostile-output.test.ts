import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanEntry, RotationResult } from '@docugen-secrets/rotation';
import { planJson, planText } from '@docugen-secrets/rotation';
import { TempRepo } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { rotateText } from '../src/commands/rotate.js';
import { startReportText } from '../src/commands/start-report.js';
import { repoRoot, runCli } from './run-cli.js';

/** A manifest key that would be a workflow command, a legacy command, an ANSI colour and a bidi override. */
const HOSTILE_KEY = '"evil\\n::error file=x::pwned ##[warning]w \\e[31mred\\u202e"';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function hostileDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const text = readFileSync(join(repoRoot, 'secrets-manifests/webhook-hmac-secret.yaml'), 'utf8');
  writeFileSync(join(dir, 'webhook-hmac-secret.yaml'), `${text}${HOSTILE_KEY}: 1\n`);
  return dir;
}

/** Lines our own output may start with `::` (the github format's annotations), none injected. */
function workflowCommands(out: string): string[] {
  return out.split('\n').filter((l) => /^\s*::/.test(l) || l.includes('##['));
}

describe('hostile manifest keys never reach the terminal or the CI log raw', () => {
  it.each(['text', 'summary', 'github', 'json', 'sarif'])('check --format %s', async (format) => {
    const r = await runCli(['check', '.', '--format', format], { cwd: hostileDir() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('evil');
    expect(r.stdout).not.toMatch(CONTROLS);
    const commands = workflowCommands(r.stdout);
    if (format === 'github') {
      expect(commands.length).toBeGreaterThan(0);
      for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) file=[^:]*::/);
      expect(commands.join('\n')).not.toContain('##[');
    } else expect(commands).toEqual([]);
  });
});

/** Untrusted text as a provider error, a file name or a log line could carry it. */
const HOSTILE = 'boom\n::error file=x::pwned ##[warning]w \u001b[31mred\u009b2J\u202e';

function assertSafeText(out: string): void {
  expect(out).not.toMatch(CONTROLS);
  expect(workflowCommands(out)).toEqual([]);
}

describe('hostile text in the other human-readable outputs', () => {
  it('plan text and JSON', () => {
    const entry = {
      secretId: 'a',
      rotationKind: 'random-secret',
      strategy: 'alternating',
      status: 'unknown',
      action: 'none',
      reason: HOSTILE,
    } as unknown as PlanEntry;
    assertSafeText(planText([entry], new Date('2026-11-29T12:00:00Z')));
    const json = planJson([entry], new Date('2026-11-29T12:00:00Z'));
    assertSafeText(json);
    expect((JSON.parse(json) as { secrets: { reason: string }[] }).secrets[0]?.reason).toBe(HOSTILE);
  });

  it('rotate text', () => {
    const result: RotationResult = { secretId: 'a', kind: 'error', reason: HOSTILE, steps: [], emergency: false };
    const out = rotateText([result], [HOSTILE]);
    assertSafeText(out);
    expect(out).toContain('boom');
  });

  it('start report', () => {
    const entry = {
      secretId: 'a',
      rotationKind: 'manual',
      strategy: 'single',
      status: 'unknown',
      action: 'manual',
      reason: HOSTILE,
    } as unknown as PlanEntry;
    const result: RotationResult = { secretId: 'a', kind: 'failed', reason: HOSTILE, steps: [], emergency: false };
    const problems = [{ line: 1, code: 'AUDIT_MALFORMED' as const, message: HOSTILE }];
    const out = startReportText({
      now: new Date(0),
      before: [entry],
      after: [entry],
      results: [result],
      notes: [HOSTILE],
      audit: { path: 'a', verification: { ok: false, lines: 1, problems } },
    });
    assertSafeText(out);
  });

  it('audit verify names a hostile file safely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-audit-'));
    const name = 'log\n::error file=x::pwned\u001b[2J.jsonl';
    writeFileSync(join(dir, name), 'not json\n');
    const r = await runCli(['audit', 'verify', name], { cwd: dir });
    expect(r.code).toBe(1);
    assertSafeText(r.stdout);
    expect(r.stdout).toContain('AUDIT_MALFORMED');
  });

  it.each(['text', 'summary', 'github'])('scan --format %s names a hostile file safely', async (format) => {
    const r0 = new TempRepo('hostile-scan-');
    const token = 'gh' + 'p_' + 'Zq1Xw9Lk2Vb7Nm4Pc8Rt5Ys1Ud6Fe3Hg0JaQ';
    r0.write('::error file=x::pwned ##[warning]w \u001b[31m.txt', `token = ${token}\n`);
    r0.commit('base');
    const r = await runCli(['scan', '--format', format], { cwd: r0.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(CONTROLS);
    const commands = workflowCommands(r.stdout);
    if (format === 'github') for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) file=[^:]*::/);
    else expect(commands).toEqual([]);
    expect(r.stdout).not.toContain('##[');
  });
});
