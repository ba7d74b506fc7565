import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDocugenError } from '@docugen-secrets/core';
import { git } from '@docugen-secrets/test-support';
import type { ReportedFinding } from '@docugen-secrets/policy-engine';
import { gitCli, runCheck } from '../src/index.js';
import { repoRoot } from './helpers.js';

const now = new Date('2026-11-29T12:00:00Z');

/** The golden fixture folder as a fresh repository with one commit. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-changed-'));
  cpSync(`${repoRoot}/policies/test/fixtures/golden`, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  writeFileSync(path, text.replace(from, to));
}

const key = (f: ReportedFinding): string => JSON.stringify(f);
const isManifest = (file: string): boolean => file.startsWith('secrets-manifests/');

async function both(dir: string) {
  const opts = { paths: ['secrets-manifests'], cwd: dir, now, policiesDir: 'policies' };
  const full = await runCheck(opts);
  const changed = await runCheck({ ...opts, changedSince: 'HEAD', git: gitCli(dir) });
  return { full: full.report, changed: changed.report, info: changed.changed };
}

describe('check --changed BASE', () => {
  it('gives the same findings as a full check for the changed files (committed, unstaged and untracked changes)', async () => {
    const dir = repo();
    edit(dir, 'secrets-manifests/slow-rotation.yaml', 'cadence: P90D', 'cadence: P60D');
    git(dir, 'commit', '-q', '-am', 'shorter cadence');
    edit(dir, 'secrets-manifests/team-x/shared-token.yaml', 'Golden fixture', 'Changed fixture');
    // A new manifest pointing at the same AWS secret as an unchanged one: a cross-manifest finding.
    writeFileSync(
      join(dir, 'secrets-manifests/copied-key.yaml'),
      readFileSync(join(dir, 'secrets-manifests/good-api-key.yaml'), 'utf8').replace(
        'id: good-api-key',
        'id: copied-key',
      ),
    );
    const { full, changed, info } = await both(dir);
    // Base HEAD~1 so the committed change counts too.
    const sinceBase = await runCheck({
      paths: ['secrets-manifests'],
      cwd: dir,
      now,
      policiesDir: 'policies',
      changedSince: 'HEAD~1',
      git: gitCli(dir),
    });

    const changedFiles = new Set(['secrets-manifests/team-x/shared-token.yaml', 'secrets-manifests/copied-key.yaml']);
    expect(info).toEqual({ files: 2 });
    expect(changed.summary.mode).toBe('changed');
    expect(changed.summary.files).toBe(2);
    const expected = full.findings.filter((f) =>
      isManifest(f.file) ? changedFiles.has(f.file) : f.ruleId !== 'WAIVER_UNUSED',
    );
    expect(changed.findings.map(key)).toEqual(expected.map(key));
    // The unchanged manifest that shares the backend is flagged by the full check only.
    expect(full.findings.some((f) => f.ruleId === 'SM008' && f.file === 'secrets-manifests/good-api-key.yaml')).toBe(
      true,
    );
    expect(changed.findings.some((f) => f.ruleId === 'SM008' && f.file === 'secrets-manifests/copied-key.yaml')).toBe(
      true,
    );
    // ...and the cross-manifest duplicate id still sees the unchanged twin in team-y.
    expect(
      changed.findings.some((f) => f.ruleId === 'SM007' && f.file === 'secrets-manifests/team-x/shared-token.yaml'),
    ).toBe(true);

    changedFiles.add('secrets-manifests/slow-rotation.yaml');
    expect(sinceBase.report.findings.map(key)).toEqual(
      full.findings
        .filter((f) => (isManifest(f.file) ? changedFiles.has(f.file) : f.ruleId !== 'WAIVER_UNUSED'))
        .map(key),
    );
  });

  it('staged changes count as git diff counts them: a staged edit reverted in the working tree is no change', async () => {
    const dir = repo();
    const manifest = (name: string): string => join(dir, 'secrets-manifests', name);
    const append = (name: string, line: string): void => {
      writeFileSync(manifest(name), `${readFileSync(manifest(name), 'utf8')}${line}\n`);
    };
    // Staged, then reverted in the working tree: the file is as at HEAD.
    const before = readFileSync(manifest('slow-rotation.yaml'), 'utf8');
    append('slow-rotation.yaml', '# staged');
    git(dir, 'add', manifest('slow-rotation.yaml'));
    writeFileSync(manifest('slow-rotation.yaml'), before);
    // Staged then edited again; staged only; a new file staged then edited.
    append('signing.yaml', '# staged');
    git(dir, 'add', manifest('signing.yaml'));
    append('signing.yaml', '# then edited');
    append('unrouted.yaml', '# staged only');
    git(dir, 'add', manifest('unrouted.yaml'));
    writeFileSync(manifest('added.yaml'), readFileSync(manifest('good-api-key.yaml'), 'utf8'));
    git(dir, 'add', manifest('added.yaml'));
    append('added.yaml', '# then edited');
    const folder = [join(dir, 'secrets-manifests')];
    const listed = (await gitCli(dir).changedFiles('HEAD', folder)).map((f) => f.slice(dir.length + 1)).sort();
    expect(listed).toEqual([
      'secrets-manifests/added.yaml',
      'secrets-manifests/signing.yaml',
      'secrets-manifests/unrouted.yaml',
    ]);
    // The same answer from a base that is another commit of the same tree (git diff, not git status alone).
    const twin = git(dir, 'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', 'same tree').trim();
    const viaDiff = (await gitCli(dir).changedFiles(twin, folder)).map((f) => f.slice(dir.length + 1)).sort();
    expect(viaDiff).toEqual(listed);
  });

  it('nothing changed: no manifest is checked, the policy files still are', async () => {
    const dir = repo();
    const { changed, info } = await both(dir);
    expect(info).toEqual({ files: 0 });
    expect(changed.findings.every((f) => !isManifest(f.file))).toBe(true);
    expect(changed.findings.map((f) => f.ruleId)).toContain('WAIVER_EXPIRED');
  });

  it('a change to the policies makes it a full check', async () => {
    const dir = repo();
    edit(dir, 'policies/config.yaml', 'critical: P30D', 'critical: P20D');
    const { full, changed, info } = await both(dir);
    expect(info?.fullCheckReason).toMatch(/^policy files changed since HEAD/);
    expect(changed.summary.mode).toBe('full');
    expect(changed.findings).toEqual(full.findings);
  });

  it('an unknown revision is an error with a code, not a stack trace', async () => {
    const dir = repo();
    const err = await runCheck({
      paths: ['secrets-manifests'],
      cwd: dir,
      now,
      policiesDir: 'policies',
      changedSince: 'no-such-branch',
      git: gitCli(dir),
    }).catch((e: unknown) => e);
    expect(isDocugenError(err, 'POLICY_GIT_FAILED')).toBe(true);
    expect((err as Error).message).toContain('unknown git revision "no-such-branch"');
  });
});

describe('the git adapter', () => {
  it('outside a repository: a POLICY_GIT_FAILED error naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    const err = await gitCli(dir)
      .changedFiles('HEAD', [dir])
      .catch((e: unknown) => e);
    expect(isDocugenError(err, 'POLICY_GIT_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/^git rev-parse failed: fatal: not a git repository/);
  });

  it('a path outside the repository is left out, the others still answered', async () => {
    const dir = repo();
    edit(dir, 'secrets-manifests/slow-rotation.yaml', 'cadence: P90D', 'cadence: P60D');
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    const listed = await gitCli(dir).changedFiles('HEAD', [join(dir, 'secrets-manifests'), outside]);
    expect(listed).toEqual([join(dir, 'secrets-manifests/slow-rotation.yaml')]);
  });

  it('refuses a revision that looks like an option', async () => {
    const err = await gitCli(repo())
      .changedFiles('--output=/tmp/x', ['.'])
      .catch((e: unknown) => e);
    expect(isDocugenError(err, 'POLICY_GIT_FAILED')).toBe(true);
  });
});
