import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { TempRepo } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

// The OASIS SARIF 2.1.0 schema vendored by the policy engine's tests.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(
  JSON.parse(
    readFileSync(join(repoRoot, 'packages/policy-engine/test/fixtures/sarif-schema-2.1.0.json'), 'utf8'),
  ) as object,
);

/** A throw-away git repository with the files committed. */
function repo(files: Record<string, string>): TempRepo {
  const r = new TempRepo('cli-scan-');
  for (const [p, t] of Object.entries(files)) r.write(p, t);
  r.commit('base');
  return r;
}

let n = 0;
/** A fresh GitHub-token-shaped canary, built at run time. */
function canary(): string {
  n++;
  const body = `Zq${n}Xw9Lk2Vb7Nm4Pc8Rt5Ys1Ud6Fe3Hg0Ja`.slice(0, 36).padEnd(36, 'Q');
  return 'gh' + 'p_' + body;
}

/** Content that is binary by any measure (control bytes throughout), not text with a stray NUL. */
const BINARY = '\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007'.repeat(8);

/** A JWT-shaped sample, assembled at run time so that this file itself scans clean. */
function jwt(): string {
  return [
    'ey' + 'JhbGciOiJIUzI1NiJ9abcdefgh',
    'ey' + 'JzdWIiOiIxMjM0NTY3ODkwIn0xyz',
    'Sfl8KxwRJSMeKKF2QT4fwpMeJf36',
  ].join('.');
}

describe('docugen-secrets scan', () => {
  it('a clean repository: exit 0', async () => {
    const r0 = repo({ 'README.md': '# hello\n' });
    const r = await runCli(['scan'], { cwd: r0.dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      'scanned 1 file for secrets (0 allowlisted, 0 skipped): 0 errors, 0 warnings — pass (fail on warning)\n',
    );
  });

  it('a committed token: exit 1, positioned text finding, value never printed', async () => {
    const t = canary();
    const r0 = repo({ 'conf/app.env': `A=1\nGITHUB_TOKEN=${t}\n` });
    for (const format of ['text', 'json', 'sarif', 'github', 'summary']) {
      const r = await runCli(['scan', '--format', format, '--sarif', 'out.sarif', '--summary', 'summary.md'], {
        cwd: r0.dir,
      });
      expect(r.code, format).toBe(1);
      const files = readFileSync(join(r0.dir, 'out.sarif'), 'utf8') + readFileSync(join(r0.dir, 'summary.md'), 'utf8');
      // not the value, nor any 8-character window of its secret part (after the public ghp_ prefix)
      for (let i = 4; i + 8 <= t.length; i++)
        expect((r.stdout + r.stderr + files).includes(t.slice(i, i + 8)), `${format} @${i}`).toBe(false);
    }
    const text = await runCli(['scan'], { cwd: r0.dir });
    expect(text.stdout).toMatch(
      /^conf\/app\.env:2:14: error LEAK-github-pat GitHub personal access token \(classic\) ghp_…\(40 chars\): .* \[fingerprint [0-9a-f]{12}\]$/m,
    );
  });

  it('json and sarif outputs are well-formed', async () => {
    const r0 = repo({ 'a.txt': `token: ${canary()}\n` });
    const json = JSON.parse((await runCli(['scan', '--format', 'json'], { cwd: r0.dir })).stdout) as {
      findings: { ruleId: string; start: unknown; end: unknown }[];
      summary: { errors: number; verdict: string };
    };
    expect(json.summary).toMatchObject({
      errors: 1,
      verdict: 'fail',
      failOn: 'warning',
      counts: { allowlisted: 0, skipped: 0 },
    });
    expect(json.findings[0]).toMatchObject({
      ruleId: 'LEAK-github-pat',
      start: { line: 1, col: 8 },
      end: { line: 1, col: 48 },
      properties: { redacted: 'ghp_…(40 chars)', fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) },
    });
    const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif'], { cwd: r0.dir })).stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: unknown } }[] }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    const result = run.results[0]!;
    expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe('LEAK-github-pat');
    expect(result.locations[0]?.physicalLocation.region).toEqual({
      startLine: 1,
      startColumn: 8,
      endLine: 1,
      endColumn: 48,
    });
  });

  it('SARIF validates against the SARIF 2.1.0 schema: rule metadata, helpUri, levels, regions, fingerprints, notifications', async () => {
    const r0 = repo({ 'a.txt': `token: ${canary()}\n`, 'b.txt': `jwt: ${jwt()}\n`, 'bin.dat': BINARY });
    r0.write('policies/leak-allowlist.yaml', 'entries:\n  - path: "nothing/**"\n');
    const r = await runCli(['scan', '.', '--format', 'sarif'], { cwd: r0.dir });
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout) as {
      runs: {
        tool: {
          driver: {
            name: string;
            rules: {
              id: string;
              helpUri: string;
              defaultConfiguration: { level: string };
              properties: { tags: string[] };
            }[];
          };
        };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          partialFingerprints: Record<string, string>;
          properties: Record<string, string>;
        }[];
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications: { level: string; message: { text: string }; descriptor?: { id: string } }[];
        }[];
      }[];
    };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('docugen-secrets leak-scan');
    expect(run.tool.driver.rules.find((d) => d.id === 'LEAK-github-pat')).toMatchObject({
      helpUri: 'https://github.com/docugen/docugen-secrets/blob/main/docs/policies/leak-scan.md#leak-github-pat',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'secret'] },
    });
    expect(run.results.map((x) => [x.ruleId, x.level, run.tool.driver.rules[x.ruleIndex]?.id])).toEqual([
      ['LEAK-github-pat', 'error', 'LEAK-github-pat'],
      ['LEAK-jwt', 'warning', 'LEAK-jwt'],
    ]);
    const fp = run.results[0]?.properties['fingerprint'];
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
    expect(run.results[0]?.partialFingerprints).toEqual({ 'leakFingerprint/v1': fp });
    expect(run.results[0]?.properties).toEqual({ redacted: 'ghp_…(40 chars)', fingerprint: fp });
    const inv = run.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications.map((n) => [n.level, n.descriptor?.id, n.message.text])).toEqual([
      [
        'error',
        'LEAK_ALLOWLIST_MISSING_REASON',
        expect.stringContaining('policies/leak-allowlist.yaml:2:5: entry has no "reason"'),
      ],
      ['note', undefined, 'skipped bin.dat (binary)'],
    ]);
  });

  it('--format github: positioned annotations capped at 10 per level, the rest in the --summary file', async () => {
    const tokens = Array.from({ length: 12 }, () => canary());
    const r0 = repo({ 'many.txt': tokens.map((t, i) => `t${i}=${t}\n`).join('') });
    const r = await runCli(['scan', '--format', 'github', '--summary', 'summary.md'], { cwd: r0.dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(
      /^::error file=many\.txt,line=1,col=4,endLine=1,endColumn=44,title=LEAK-github-pat::LEAK-github-pat GitHub personal access token \(classic\) ghp_…\(40 chars\): /,
    );
    const md = readFileSync(join(r0.dir, 'summary.md'), 'utf8');
    expect(md).toContain('## docugen-secrets scan: ❌ failed');
    expect(md).toContain('Scanned 1 file for secrets (0 allowlisted, 0 skipped); fails on warnings and errors.');
    expect(md).toContain("> 2 finding(s) beyond GitHub's annotation limit are listed here only.");
    expect(md.split('\n').filter((l) => l.startsWith('| error | `many.txt:'))).toHaveLength(12);
    expect(md).toMatch(
      /\| error \| `many\.txt:12:5` \| \[LEAK-github-pat\]\(https:\/\/github\.com\/docugen\/docugen-secrets\/blob\/main\/docs\/policies\/leak-scan\.md#leak-github-pat\) \| GitHub personal access token \(classic\) ghp_…\(40 chars\): .* \[fingerprint [0-9a-f]{12}\] \|/,
    );
    for (const t of tokens) expect(r.stdout + md).not.toContain(t.slice(4));
  });

  it('--format summary and --fail-on: a warning fails by default, passes with --fail-on error', async () => {
    const r0 = repo({ 'doc.md': `jwt: ${jwt()}\n` });
    const byDefault = await runCli(['scan', '--format', 'summary'], { cwd: r0.dir });
    expect(byDefault.code).toBe(1);
    expect(byDefault.stdout).toContain('## docugen-secrets scan: ❌ failed');
    expect(byDefault.stdout).toContain('| with waivers | 0 | 1 | 0 | 0 | fail |');
    const onError = await runCli(['scan', '--format', 'summary', '--fail-on', 'error'], { cwd: r0.dir });
    expect(onError.code).toBe(0);
    expect(onError.stdout).toContain('## docugen-secrets scan: ✅ passed');
    expect(onError.stdout).toContain('fails on errors.');
    expect(onError.stdout).toMatch(/^\| warning \| `doc\.md:1:6` \| \[LEAK-jwt\]/m);
  });

  it('skipped files are noted in text output', async () => {
    const r0 = repo({ 'bin.dat': BINARY, 'ok.txt': 'fine\n' });
    const r = await runCli(['scan'], { cwd: r0.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'note: skipped bin.dat (binary)\n\nscanned 1 file for secrets (0 allowlisted, 1 skipped): 0 errors, 0 warnings — pass (fail on warning)\n',
    );
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
    r0.write(
      'policies/leak-allowlist.yaml',
      'entries:\n  - path: "**/fixtures/**"\n    reason: generated test tokens\n',
    );
    expect((await runCli(['scan', '.'], { cwd: r0.dir })).code).toBe(0);
    r0.write(
      'policies/leak-allowlist.yaml',
      'entries:\n  - path: "**/fixtures/**"\n    reason: generated test tokens\n  - path: "src/**"\n',
    );
    const bad = await runCli(['scan', '.'], { cwd: r0.dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('policies/leak-allowlist.yaml:4:5: entry has no "reason"');
  });

  it('an expired allowlist entry is an error (exit 2) and stops applying', async () => {
    const r0 = repo({ 'test/fixtures/k.txt': `t=${canary()}\n` });
    r0.write('allow.yaml', 'entries:\n  - path: "**/fixtures/**"\n    reason: temporary\n    expires: 2026-11-28\n');
    const r = await runCli(['scan', '.', '--allowlist', 'allow.yaml', '--format', 'json'], { cwd: r0.dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; notifications: { code: string; start: unknown }[] };
    expect(doc.notifications).toEqual([
      expect.objectContaining({
        level: 'error',
        code: 'LEAK_ALLOWLIST_EXPIRED',
        file: 'allow.yaml',
        start: { line: 4, col: 14 },
      }),
    ]);
    expect(doc.findings).toHaveLength(1);
  });

  it.each([
    [['--staged', '--diff', 'main'], '--staged and --diff cannot be combined'],
    [['--format', 'xml'], '--format must be one of text, json, sarif, github, summary'],
    [['--fail-on', 'note'], '--fail-on must be one of error, warning'],
    [['--allowlist', 'nope.yaml'], 'allowlist nope.yaml cannot be read'],
    [['missing-path'], 'missing-path: no such file or folder'],
  ])('usage problems exit 2: %j', async (args, message) => {
    const r0 = repo({ 'a.txt': 'x\n' });
    const r = await runCli(['scan', ...args], { cwd: r0.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('absolute paths and paths outside the working folder are scanned (gitleaks does)', async () => {
    const r0 = repo({ 'README.md': `token ${canary()}\n` });
    const inside = await runCli(['scan', join(r0.dir, 'README.md')], { cwd: r0.dir });
    expect(inside.code).toBe(1);
    expect(inside.stdout).toMatch(/^README\.md:1:7: /m);
    const other = repo({ 'deploy.env': `TOKEN=${canary()}\n` });
    const outside = await runCli(['scan', join(other.dir, 'deploy.env')], { cwd: r0.dir });
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain(`${join(other.dir, 'deploy.env')}:1:7: `);
    const up = await runCli(['scan', relative(r0.dir, join(other.dir, 'deploy.env'))], { cwd: r0.dir });
    expect(up.code).toBe(1);
  });

  it('files skipped as binary are named in the summary and in SARIF notifications; text with a stray NUL is scanned', async () => {
    const r0 = repo({ 'README.md': '# x\n' });
    writeFileSync(
      join(r0.dir, 'blob.dat'),
      new Uint8Array(2048).map((_, i) => (i % 5 === 0 ? 0 : i % 251)),
    );
    writeFileSync(join(r0.dir, 'app.env'), Buffer.concat([Buffer.from('# x\0\n'), Buffer.from(`TOKEN=${canary()}\n`)]));
    r0.commit('files');
    const text = await runCli(['scan'], { cwd: r0.dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('app.env:2:7: ');
    expect(text.stdout).toContain('skipped blob.dat (binary)');
    expect(text.stdout).toContain('1 skipped');
    const summary = await runCli(['scan', '--format', 'summary'], { cwd: r0.dir });
    expect(summary.stdout).toContain('skipped blob.dat (binary)');
    const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif'], { cwd: r0.dir })).stdout) as {
      runs: { invocations?: { toolExecutionNotifications: { message: { text: string } }[] }[] }[];
    };
    expect(sarif.runs[0]?.invocations?.[0]?.toolExecutionNotifications.map((n) => n.message.text)).toContain(
      'skipped blob.dat (binary)',
    );
  });

  it('outside a git repository the default mode exits 2 with a git error', async () => {
    const r = await runCli(['scan'], { cwd: mkdtempSync(join(tmpdir(), 'cli-scan-nogit-')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('LEAK_GIT_FAILED');
  });

  it('this repository is clean (its fixtures are allowlisted with reasons)', async () => {
    const r = await runCli(['scan'], { cwd: repoRoot });
    expect(r.stdout).toMatch(/: 0 errors, 0 warnings — pass/);
    expect(r.code).toBe(0);
  });

  it('the built binary runs the command', () => {
    const r0 = repo({ 'a.txt': `t=${canary()}\n` });
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'packages/cli/bin/docugen-secrets.js'), 'scan', '--format', 'json'],
      { cwd: r0.dir, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { summary: { errors: number } }).summary.errors).toBe(1);
  });
});
