import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

/** A throw-away git repository with a committed file; identity passed per command. */
function repo(files: Record<string, string>): { dir: string; git: (...a: string[]) => string; write: (p: string, t: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cli-scan-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=CLI Test', '-c', 'user.email=cli@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
    });
  const write = (p: string, t: string): void => {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  };
  git('init', '-q', '-b', 'main');
  for (const [p, t] of Object.entries(files)) write(p, t);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  return { dir, git, write };
}

let n = 0;
/** A fresh GitHub-token-shaped canary, built at run time. */
function canary(): string {
  n++;
  const body = `Zq${n}Xw9Lk2Vb7Nm4Pc8Rt5Ys1Ud6Fe3Hg0Ja`.slice(0, 36).padEnd(36, 'Q');
  return 'gh' + 'p_' + body;
}

describe('docugen-secrets scan', () => {
  it('a clean repository: exit 0', async () => {
    const r0 = repo({ 'README.md': '# hello\n' });
    const r = await runCli(['scan'], { cwd: r0.dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('leak-scan: no secrets found in 1 file (0 allowlisted, 0 skipped)\n');
  });

  it('a committed token: exit 1, positioned text finding, value never printed', async () => {
    const t = canary();
    const r0 = repo({ 'conf/app.env': `A=1\nGITHUB_TOKEN=${t}\n` });
    for (const format of ['text', 'json', 'sarif']) {
      const r = await runCli(['scan', '--format', format], { cwd: r0.dir });
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(t.slice(4));
    }
    const text = await runCli(['scan'], { cwd: r0.dir });
    expect(text.stdout).toMatch(/^conf\/app\.env:2:14: error LEAK-github-pat: GitHub personal access token \(classic\) ghp_…\(40 chars\): .* \[fingerprint [0-9a-f]{12}\]$/m);
  });

  it('json and sarif outputs are well-formed', async () => {
    const r0 = repo({ 'a.txt': `token: ${canary()}\n` });
    const json = JSON.parse((await runCli(['scan', '--format', 'json'], { cwd: r0.dir })).stdout) as { findings: { ruleId: string; start: unknown; end: unknown }[]; summary: { findings: number } };
    expect(json.summary.findings).toBe(1);
    expect(json.findings[0]).toMatchObject({ ruleId: 'LEAK-github-pat', start: { line: 1, col: 8 }, end: { line: 1, col: 48 } });
    const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif'], { cwd: r0.dir })).stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: unknown } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    const result = run.results[0]!;
    expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe('LEAK-github-pat');
    expect(result.locations[0]?.physicalLocation.region).toEqual({ startLine: 1, startColumn: 8, endLine: 1, endColumn: 48 });
  });

  it('--staged and --diff BASE only report added lines', async () => {
    const old = canary();
    const r0 = repo({ 'a.txt': `old=${old}\n` });
    const base = r0.git('rev-parse', 'HEAD').trim();
    r0.write('a.txt', `old=${old}\nnew=${canary()}\n`);
    expect((await runCli(['scan', '--staged'], { cwd: r0.dir })).code).toBe(0);
    r0.git('add', 'a.txt');
    const staged = await runCli(['scan', '--staged'], { cwd: r0.dir });
    expect(staged.code).toBe(1);
    expect(staged.stdout).toMatch(/^a\.txt:2:5: /m);
    expect(staged.stdout).not.toMatch(/^a\.txt:1:/m);
    const diff = await runCli(['scan', '--diff', base], { cwd: r0.dir });
    expect(diff.stdout.split('\n').filter((l) => l.startsWith('a.txt:'))).toHaveLength(1);
  });

  it('the allowlist file: entries apply, a missing reason is an error with its position (exit 2)', async () => {
    const r0 = repo({ 'test/fixtures/k.txt': `t=${canary()}\n`, 'src/x.txt': 'nothing\n' });
    r0.write('policies/leak-allowlist.yaml', 'entries:\n  - path: "**/fixtures/**"\n    reason: generated test tokens\n');
    expect((await runCli(['scan', '.'], { cwd: r0.dir })).code).toBe(0);
    r0.write('policies/leak-allowlist.yaml', 'entries:\n  - path: "**/fixtures/**"\n    reason: generated test tokens\n  - path: "src/**"\n');
    const bad = await runCli(['scan', '.'], { cwd: r0.dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('policies/leak-allowlist.yaml:4:5: entry has no "reason"');
  });

  it('an expired allowlist entry is an error (exit 2) and stops applying', async () => {
    const r0 = repo({ 'test/fixtures/k.txt': `t=${canary()}\n` });
    r0.write('allow.yaml', 'entries:\n  - path: "**/fixtures/**"\n    reason: temporary\n    expires: 2026-11-28\n');
    const r = await runCli(['scan', '.', '--allowlist', 'allow.yaml', '--format', 'json'], { cwd: r0.dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; problems: { code: string; line: number; col: number }[] };
    expect(doc.problems).toEqual([expect.objectContaining({ code: 'LEAK_ALLOWLIST_EXPIRED', line: 4, col: 14 })]);
    expect(doc.findings).toHaveLength(1);
  });

  it.each([
    [['--staged', '--diff', 'main'], '--staged and --diff cannot be combined'],
    [['--format', 'xml'], '--format must be one of text, json, sarif'],
    [['--allowlist', 'nope.yaml'], 'allowlist nope.yaml cannot be read'],
    [['missing-path'], 'missing-path: no such file or folder'],
  ])('usage problems exit 2: %j', async (args, message) => {
    const r0 = repo({ 'a.txt': 'x\n' });
    const r = await runCli(['scan', ...args], { cwd: r0.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('outside a git repository the default mode exits 2 with a git error', async () => {
    const r = await runCli(['scan'], { cwd: mkdtempSync(join(tmpdir(), 'cli-scan-nogit-')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('LEAK_GIT_FAILED');
  });

  it('this repository is clean (its fixtures are allowlisted with reasons)', async () => {
    const r = await runCli(['scan'], { cwd: repoRoot });
    expect(r.stdout).toMatch(/no secrets found/);
    expect(r.code).toBe(0);
  });

  it('the built binary runs the command', () => {
    const r0 = repo({ 'a.txt': `t=${canary()}\n` });
    const r = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/bin/docugen-secrets.js'), 'scan', '--format', 'json'], { cwd: r0.dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { summary: { findings: number } }).summary.findings).toBe(1);
  });
});
