import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countingFs } from '@docugen-secrets/manifest/testing';
import { parseFactsCache } from '@docugen-secrets/policy-engine';
import { git } from '@docugen-secrets/test-support';
import { fileFactsCacheStore, gitCli, runCheck, type FactsCacheStore } from '../src/index.js';
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
  const outcome = await runCheck({
    paths: ['secrets-manifests'],
    cwd: dir,
    now,
    policiesDir: 'policies',
    changedSince: 'HEAD',
    git: gitCli(dir),
    fs,
    ...(factsCache ? { factsCache } : {}),
  });
  return { report: outcome.report, reads: fs.reads };
}

const cacheFile = (dir: string): string => join(dir, '.git/docugen-secrets/facts-v1.json');

describe('check --changed with the facts cache', () => {
  it('a warm cache skips the unchanged files and changes no finding, cross-manifest rules included', async () => {
    const dir = repo();
    const cold = await changed(dir, fileFactsCacheStore);
    expect(existsSync(cacheFile(dir))).toBe(true);
    const text = readFileSync(cacheFile(dir), 'utf8');
    expect(text).not.toContain('secrets-manifests');
    // The two shared-token manifests are the same content: one blob, one entry.
    expect(parseFactsCache(text).size).toBe(cold.reads.length - 1);

    // A new manifest targeting an unchanged one's AWS secret (SM008), an edit in team-x
    // whose twin in team-y stays unchanged (SM007), and a manifest CODEOWNERS does not list (SM011).
    writeFileSync(
      join(dir, 'secrets-manifests/copied-key.yaml'),
      readFileSync(join(dir, 'secrets-manifests/good-api-key.yaml'), 'utf8').replace(
        'id: good-api-key',
        'id: copied-key',
      ),
    );
    const shared = join(dir, 'secrets-manifests/team-x/shared-token.yaml');
    writeFileSync(shared, readFileSync(shared, 'utf8').replace('Golden fixture', 'Changed fixture'));

    const plain = await changed(dir);
    const warm = await changed(dir, fileFactsCacheStore);
    expect(warm.report).toEqual(plain.report);
    const rules = new Set(warm.report.findings.map((f) => f.ruleId));
    for (const id of ['SM007', 'SM008', 'SM011']) expect(rules, id).toContain(id);
    // Only the two changed manifests were read.
    expect(warm.reads.map((p) => p.slice(dir.length + 1)).sort()).toEqual([
      'secrets-manifests/copied-key.yaml',
      'secrets-manifests/team-x/shared-token.yaml',
    ]);
    expect(plain.reads.length).toBeGreaterThan(warm.reads.length);
  });

  it('a corrupt cache is ignored and rewritten; a failing store never fails the check', async () => {
    const dir = repo();
    const plain = await changed(dir);
    await changed(dir, fileFactsCacheStore);
    writeFileSync(cacheFile(dir), '{"version":1,"entries":{"x":');
    const corrupt = await changed(dir, fileFactsCacheStore);
    expect(corrupt.report).toEqual(plain.report);
    expect(parseFactsCache(readFileSync(cacheFile(dir), 'utf8')).size).toBe(plain.reads.length - 1);

    const broken: FactsCacheStore = {
      load: () => Promise.reject(new Error('unreadable')),
      save: () => Promise.reject(new Error('read-only')),
    };
    expect((await changed(dir, broken)).report).toEqual(plain.report);
  });
});
