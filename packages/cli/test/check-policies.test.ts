import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

/** The policies' golden fixture folder (a mini repository with policies/, CODEOWNERS and manifests), copied. */
function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-policies-'));
  cpSync(join(repoRoot, 'policies/test/fixtures/golden'), dir, { recursive: true });
  return dir;
}

describe('docugen-secrets check with policies', () => {
  it('text output groups by file and shows waived findings; exit 1 on errors', async () => {
    const r = await runCli(['check'], { cwd: fixture() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secrets-manifests/slow-rotation.yaml (4 findings)\n');
    expect(r.stdout).toMatch(/^secrets-manifests\/slow-rotation\.yaml:\d+:12: error SM001 rotation cadence P90D/m);
    expect(r.stdout).toMatch(/: waived SM010 .*waived by policies\/waivers\.yaml:3 until 2027-01-31/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'checked 9 manifests: 24 errors, 4 warnings, 1 waived (without waivers: 25 errors, 4 warnings) — FAIL (fail on error)',
    );
  });

  it('json, sarif, github and summary formats, plus --sarif and --summary files', async () => {
    const dir = fixture();
    const json = JSON.parse((await runCli(['check', '--format', 'json'], { cwd: dir })).stdout) as {
      summary: { errors: number; waived: number };
    };
    expect(json.summary).toMatchObject({ errors: 24, waived: 1 });
    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif'], { cwd: dir })).stdout) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBe(29);
    writeFileSync(join(dir, 'summary.md'), '# earlier step\n');
    const gh = await runCli(['check', '--format', 'github', '--sarif', 'out.sarif', '--summary', 'summary.md'], {
      cwd: dir,
    });
    expect(gh.code).toBe(1);
    expect(gh.stdout.split('\n').filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(gh.stdout).toContain(
      '::error file=policies/waivers.yaml,line=12,col=14,endLine=12,endColumn=26,title=WAIVER_EXPIRED::WAIVER_EXPIRED waivers[1]: waiver of SM010',
    );
    expect(readFileSync(join(dir, 'out.sarif'), 'utf8')).toBe(
      (await runCli(['check', '--format', 'sarif'], { cwd: dir })).stdout,
    );
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary.startsWith('# earlier step\n## docugen-secrets check: ❌ failed')).toBe(true);
    expect(summary).toContain("beyond GitHub's annotation limit");
    expect((await runCli(['check', '--format', 'summary'], { cwd: dir })).stdout).toContain(
      '| with waivers | 24 | 4 | 0 | 1 | fail |',
    );
  });

  it('--fail-on warning fails on warnings that error would let through', async () => {
    const dir = fixture();
    const cfg = join(dir, 'policies/config.yaml');
    writeFileSync(
      cfg,
      readFileSync(cfg, 'utf8')
        .replace(
          '  SM009:\n    severity: warning\n',
          '  SM009:\n    severity: warning\n  SM001:\n    severity: warning\n    options:\n      maxCadence: { critical: P30D, high: P90D, any: P365D }\n',
        )
        .replace(
          / {2}SM001:\n {4}options:\n {6}maxCadence: \{ critical: P30D, high: P90D, any: P365D \}\n(?= {2}SM002)/,
          '',
        ),
    );
    // Only warnings left in one manifest: check just that file.
    expect((await runCli(['check', 'secrets-manifests/good-api-key.yaml'], { cwd: dir })).code).toBe(1);
    const repo = await runCli(['check', '--fail-on', 'warning']);
    expect(repo.code).toBe(0);
  });

  it('usage errors exit 2: bad --fail-on, bad --changed, unknown revision, missing --policies', async () => {
    expect((await runCli(['check', '--fail-on', 'note'])).stderr).toContain('--fail-on must be one of error, warning');
    expect((await runCli(['check', '--changed', '--format'])).code).toBe(2);
    const unknown = await runCli(['check', '--changed', 'no-such-revision-xyz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('POLICY_GIT_FAILED: unknown git revision "no-such-revision-xyz"');
    expect((await runCli(['check', '--policies', 'nowhere'])).stderr).toContain(
      '--policies nowhere: no config.yaml there',
    );
  });

  it('--changed HEAD in this repository checks only changed manifests', async () => {
    const r = await runCli(['check', '--changed', 'HEAD', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { summary: { mode: string } };
    expect(['changed', 'full']).toContain(report.summary.mode);
  });
});

describe('docugen-secrets codeowners', () => {
  it('--check fails when out of sync, writing fixes it, then --check passes and check has no SM011 findings', async () => {
    const dir = fixture();
    rmSync(join(dir, 'secrets-manifests/unrouted.yaml'));
    const before = await runCli(['codeowners', '--check'], { cwd: dir });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('+ /secrets-manifests/signing.yaml @docugen/platform');
    expect(before.stdout).toContain('- /secrets-manifests/renamed-away.yaml @docugen/platform');
    expect((await runCli(['codeowners'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['codeowners', '--check'], { cwd: dir })).stdout).toMatch(/is in sync\n$/);
    const check = JSON.parse((await runCli(['check', '--format', 'json'], { cwd: dir })).stdout) as {
      findings: { ruleId: string }[];
    };
    expect(check.findings.filter((f) => f.ruleId === 'SM011')).toEqual([]);
  });

  it('refuses to write when an owner team is not in the registry', async () => {
    const dir = fixture();
    const r = await runCli(['codeowners', 'secrets-manifests/unrouted.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('owner team payments is not in');
  });

  it("the repository's CODEOWNERS is in sync", async () => {
    expect((await runCli(['codeowners', '--check'])).code).toBe(0);
  });
});
