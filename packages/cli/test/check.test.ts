import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

function threeMistakes(): { dir: string; lines: Record<string, number> } {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  const text = readFileSync(join(repoRoot, 'secrets-manifests/webhook-hmac-secret.yaml'), 'utf8')
    .replace('classification: high', 'classification: secret')
    .replace('  length: 48', '  length: many')
    .replace('runbook:', 'owner_team: integrations\nrunbook:');
  writeFileSync(join(dir, 'webhook-hmac-secret.yaml'), text);
  const ls = text.split('\n');
  const line = (s: string): number => ls.findIndex((l) => l.startsWith(s)) + 1;
  return {
    dir,
    lines: { classification: line('classification:'), length: line('  length:'), owner_team: line('owner_team:') },
  };
}

describe('docugen-secrets check', () => {
  it('the real manifests are clean (exit 0)', async () => {
    const r = await runCli(['check', 'secrets-manifests']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/checked \d+ manifests: 0 errors/);
    expect(r.code).toBe(0);
  });

  it('three mistakes give three positioned findings in text output (exit 1)', async () => {
    const { dir, lines } = threeMistakes();
    const r = await runCli(['check', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = r.stdout.split('\n').filter((l) => l.includes(': error '));
    expect(found).toEqual(
      [
        `webhook-hmac-secret.yaml:${lines.owner_team}:1: error MANIFEST_UNKNOWN_FIELD manifest: unknown field "owner_team"`,
        `webhook-hmac-secret.yaml:${lines.classification}:17: error MANIFEST_INVALID_VALUE classification: must be one of "critical", "high", "internal"`,
        `webhook-hmac-secret.yaml:${lines.length}:11: error MANIFEST_WRONG_TYPE rotation.length: must be integer, got text`,
      ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])),
    );
  });

  it('and the same three in JSON output', async () => {
    const { dir, lines } = threeMistakes();
    const r = await runCli(['check', dir, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      summary: { errors: number };
      findings: { ruleId: string; start: { line: number; col: number } }[];
    };
    expect(report.summary.errors).toBe(3);
    expect(report.findings.map((f) => [f.ruleId, f.start.line, f.start.col]).sort()).toEqual(
      [
        ['MANIFEST_INVALID_VALUE', lines.classification, 17],
        ['MANIFEST_UNKNOWN_FIELD', lines.owner_team, 1],
        ['MANIFEST_WRONG_TYPE', lines.length, 11],
      ].sort(),
    );
  });

  it('a missing path is a usage error (exit 2), with no stack trace', async () => {
    const r = await runCli(['check', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('docugen-secrets check: path not found: no/such/dir (see docugen-secrets check --help)\n');
  });

  it('unknown flags and bad formats are usage errors', async () => {
    expect((await runCli(['check', '--bogus'])).code).toBe(2);
    expect((await runCli(['check', '--format', 'xml'])).stderr).toContain('--format must be one of text, json');
  });

  it('--help works on every command', async () => {
    const { registry } = await import('../src/index.js');
    for (const name of Object.keys(registry)) {
      const r = await runCli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain('Usage: docugen-secrets');
    }
    expect((await runCli(['--help'])).stdout).toContain('Commands:');
    expect((await runCli(['nope'])).code).toBe(2);
  });

  it('runs as a real process from the built bin (npx docugen-secrets)', () => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'packages/cli/bin/docugen-secrets.js'), 'check', 'secrets-manifests'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
