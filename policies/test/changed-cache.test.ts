import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countingFs } from '@docugen-secrets/manifest/testing';
import { parseFactsCache } from '@docugen-secrets/policy-engine';
import { git } from '@docugen-secrets/test-support';
import { fileFactsCacheStore, gitCli, runCheck, runGit, type FactsCacheStore } from '../src/index.js';
import { repoRoot } from './helpers.js';

const now = new Date('2026-11-29T12:00:00Z');

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-changed-cache-'));
  cpSync(`${repoRoot}/policies/test/fixtures/golden`, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

async function changed(dir: string, factsCache?: FactsCacheStore) {
  const fs = countingFs();
  const commands: string[] = [];
  const outcome = await runCheck({
    paths: ['secrets-manifests'],
    cwd: dir,
    now,
    policiesDir: 'policies',
    changedSince: 'HEAD',
    git: gitCli(dir, (args, cwd) => {
      commands.push(args.find((a) => !a.startsWith('-')) ?? '');
      return runGit(args, cwd);
    }),
    fs,
    ...(factsCache ? { factsCache } : {}),
  });
  const reads = fs.reads.map((p) => p.slice(dir.length + 1)).sort();
  return { report: outcome.report, reads, commands: commands.sort() };
}

const cacheFile = (dir: string): string => join(dir, '.git/docugen-secrets/facts-v2.json');
const manifest = (dir: string, name: string): string => join(dir, 'secrets-manifests', name);

function edit(path: string, from: string, to: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

describe('check --changed with the facts cache', () => {
  it('a warm cache skips the unchanged files and changes no finding, cross-manifest rules included', async () => {
    const dir = repo();
    const cold = await changed(dir, fileFactsCacheStore);
    expect(cold.commands).toEqual(['ls-tree', 'rev-parse', 'status']);
    expect(existsSync(cacheFile(dir))).toBe(true);
    const text = readFileSync(cacheFile(dir), 'utf8');
    expect(text).not.toContain('secrets-manifests');
    const snapshots = [...parseFactsCache(text).values()];
    expect(snapshots.map((s) => s.size)).toEqual([cold.reads.length]);

    // A new manifest targeting an unchanged one's AWS secret (SM008), an edit in team-x
    // whose twin in team-y stays unchanged (SM007), and a manifest CODEOWNERS does not list (SM011).
    writeFileSync(
      manifest(dir, 'copied-key.yaml'),
      readFileSync(manifest(dir, 'good-api-key.yaml'), 'utf8').replace('id: good-api-key', 'id: copied-key'),
    );
    edit(manifest(dir, 'team-x/shared-token.yaml'), 'Golden fixture', 'Changed fixture');

    const plain = await changed(dir);
    const warm = await changed(dir, fileFactsCacheStore);
    expect(warm.report).toEqual(plain.report);
    const rules = new Set(warm.report.findings.map((f) => f.ruleId));
    for (const id of ['SM007', 'SM008', 'SM011']) expect(rules, id).toContain(id);
    // Only the two changed manifests were read; git was asked nothing about blobs, and with the base at HEAD,
    // git status alone listed the changes.
    expect(warm.reads).toEqual(['secrets-manifests/copied-key.yaml', 'secrets-manifests/team-x/shared-token.yaml']);
    expect(warm.commands).toEqual(['rev-parse', 'status']);
    expect(plain.reads.length).toBeGreaterThan(warm.reads.length);
  });

  it('after a commit (a renamed, a deleted, an edited manifest) reuses the facts of unchanged content', async () => {
    const dir = repo();
    await changed(dir, fileFactsCacheStore);
    renameSync(manifest(dir, 'signing.yaml'), manifest(dir, 'signing-renamed.yaml'));
    rmSync(manifest(dir, 'unrouted.yaml'));
    edit(manifest(dir, 'slow-rotation.yaml'), 'cadence: P90D', 'cadence: P60D');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'moved');
    // The base moved: its folder is a new tree; only the edited content is new to the cache.
    const moved = await changed(dir, fileFactsCacheStore);
    expect(moved.commands).toEqual(['ls-tree', 'rev-parse', 'status']);
    expect(moved.reads).toEqual(['secrets-manifests/slow-rotation.yaml']);
    expect(moved.report).toEqual((await changed(dir)).report);
    const warm = await changed(dir, fileFactsCacheStore);
    expect(warm.reads).toEqual([]);
    expect(warm.commands).toEqual(['rev-parse', 'status']);
  });

  it('an untracked or ignored manifest is always read, never cached', async () => {
    const dir = repo();
    writeFileSync(join(dir, '.gitignore'), 'secrets-manifests/local-*.yaml\n');
    git(dir, 'add', '.gitignore');
    git(dir, 'commit', '-q', '-m', 'ignore');
    const copy = (name: string): void => {
      writeFileSync(
        manifest(dir, name),
        readFileSync(manifest(dir, 'good-api-key.yaml'), 'utf8').replace('id: good-api-key', `id: ${name}`),
      );
    };
    copy('new-key.yaml');
    copy('local-key.yaml');
    await changed(dir, fileFactsCacheStore);
    for (let round = 0; round < 2; round++) {
      const run = await changed(dir, fileFactsCacheStore);
      expect(run.reads).toEqual(['secrets-manifests/local-key.yaml', 'secrets-manifests/new-key.yaml']);
      expect(run.report).toEqual((await changed(dir)).report);
      edit(manifest(dir, 'local-key.yaml'), 'id: local-key.yaml', 'id: good-api-key');
    }
  });

  it('a checked folder that is not at the base: that run caches nothing and reads every unchanged manifest', async () => {
    const dir = repo();
    cpSync(join(dir, 'secrets-manifests/team-x'), join(dir, 'more-manifests'), { recursive: true });
    const opts = { paths: ['secrets-manifests', 'more-manifests'], cwd: dir, now, policiesDir: 'policies' };
    const run = async (factsCache?: FactsCacheStore) => {
      const fs = countingFs();
      const outcome = await runCheck({
        ...opts,
        changedSince: 'HEAD',
        git: gitCli(dir),
        fs,
        ...(factsCache ? { factsCache } : {}),
      });
      return { report: outcome.report, reads: fs.reads.length };
    };
    const plain = await run();
    await run(fileFactsCacheStore);
    const warm = await run(fileFactsCacheStore);
    expect(warm.report).toEqual(plain.report);
    expect(warm.report.summary.files).toBe(1);
    // Without an object id for the new folder, this run keeps nothing: every unchanged manifest is read.
    expect(warm.reads).toBe(plain.reads);
  });

  it('a corrupt cache is ignored and rewritten; a failing store never fails the check', async () => {
    const dir = repo();
    const plain = await changed(dir);
    await changed(dir, fileFactsCacheStore);
    writeFileSync(cacheFile(dir), '{"version":2,"snapshots":[{"object":');
    const corrupt = await changed(dir, fileFactsCacheStore);
    expect(corrupt.report).toEqual(plain.report);
    const snapshots = [...parseFactsCache(readFileSync(cacheFile(dir), 'utf8')).values()];
    expect(snapshots.map((s) => s.size)).toEqual([plain.reads.length]);

    const broken: FactsCacheStore = {
      load: () => Promise.reject(new Error('unreadable')),
      save: () => Promise.reject(new Error('read-only')),
    };
    expect((await changed(dir, broken)).report).toEqual(plain.report);
  });
});
