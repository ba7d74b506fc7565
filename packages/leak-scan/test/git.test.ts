import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { addedLinesFromDiff, createNodeScanIo, scanFiles } from '../src/index.js';
import { P } from './gen.js';
import { TempRepo } from '@docugen-secrets/test-support';

const where = (r: Awaited<ReturnType<typeof scanFiles>>): string[] =>
  r.findings.map((f) => `${f.file}:${f.start.line}:${f.start.col}`);

/** base commit: a.txt has an old secret on line 2; then line 3 is staged and line 4 only in the working tree. */
function repoWithHistory(): { repo: TempRepo; base: string } {
  const repo = new TempRepo();
  const [old, staged, worktree] = [P.ghp(), P.ghp(), P.ghp()];
  repo.write('a.txt', `hello\nold = ${old}\n`).write('b.txt', 'one\ntwo\nthree\n');
  const base = repo.commit('base');
  repo.write('a.txt', `hello\nold = ${old}\nnew = ${staged}\n`);
  repo.git('add', 'a.txt');
  repo.write('a.txt', `hello\nold = ${old}\nnew = ${staged}\nwt = ${worktree}\n`);
  return { repo, base };
}

describe('git-backed modes (real git in a temp repository)', () => {
  it('default mode scans git-tracked files only', async () => {
    const repo = new TempRepo();
    repo.write('tracked.txt', `k = ${P.aws()}\n`);
    repo.commit('c1');
    repo.write('untracked.txt', `k = ${P.aws()}\n`);
    const io = createNodeScanIo(repo.dir);
    expect(where(await scanFiles([], io))).toEqual(['tracked.txt:1:5']);
    expect(where(await scanFiles(['.'], io))).toEqual(['tracked.txt:1:5', 'untracked.txt:1:5']);
  });

  it('reports temp files of interrupted writes, untracked ones included (issue 13 item 4)', async () => {
    const repo = new TempRepo();
    repo.write('app.yaml', 'a: 1\n');
    repo.commit('c1');
    repo.write('.app.yaml.docugen-tmp-0123456789ab', 'password: not-a-rule-match\n');
    repo.write('sub/.x.json.a1b2c3d4e5f6.tmp', '{}\n');
    repo.write('.gitignore', '.local/\n');
    repo.write('.local/.state.json.docugen-tmp-0123456789ab', '{}\n'); // ignored: git add -A would not take it
    const io = createNodeScanIo(repo.dir);
    const leftovers = (r: Awaited<ReturnType<typeof scanFiles>>): string[] =>
      r.findings.filter((f) => f.ruleId === 'interrupted-write-leftover').map((f) => `${f.file}:${f.severity}`);
    expect(leftovers(await scanFiles([], io))).toEqual([
      '.app.yaml.docugen-tmp-0123456789ab:error',
      'sub/.x.json.a1b2c3d4e5f6.tmp:error',
    ]);
    expect(leftovers(await scanFiles(['sub'], io))).toEqual(['sub/.x.json.a1b2c3d4e5f6.tmp:error']);
  });

  it('--staged reads the index and reports only lines the staged change adds', async () => {
    const { repo } = repoWithHistory();
    repo.write('new/c.txt', `x\ny = ${P.age()}\n`);
    repo.git('add', 'new/c.txt');
    const r = await scanFiles([], createNodeScanIo(repo.dir), { mode: { kind: 'staged' } });
    expect(where(r)).toEqual(['a.txt:3:7', 'new/c.txt:2:5']);
  });

  it('--diff BASE reports lines added since BASE, at their position in the current file', async () => {
    const { repo, base } = repoWithHistory();
    repo.write('b.txt', `top1\ntop2\none\ntwo\nthree\nsecret = ${P.ghp()}\n`);
    const r = await scanFiles([], createNodeScanIo(repo.dir), { mode: { kind: 'diff', base } });
    expect(where(r)).toEqual(['a.txt:3:7', 'a.txt:4:6', 'b.txt:6:10']);
  });

  it('works from a sub-folder: paths stay relative to the scan root', async () => {
    const repo = new TempRepo();
    repo.write('sub/x.txt', 'a\n').write('other/y.txt', 'b\n');
    const base = repo.commit('base');
    repo.write('sub/x.txt', `a\nk = ${P.ghp()}\n`).write('other/y.txt', `b\nk = ${P.ghp()}\n`);
    repo.git('add', '-A');
    const io = createNodeScanIo(join(repo.dir, 'sub'));
    expect(where(await scanFiles([], io, { mode: { kind: 'staged' } }))).toEqual(['x.txt:2:5']);
    expect(where(await scanFiles([], io, { mode: { kind: 'diff', base } }))).toEqual(['x.txt:2:5']);
    expect(where(await scanFiles([], io))).toEqual(['x.txt:2:5']);
  });

  it('outside a git repository, git modes fail with LEAK_GIT_FAILED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leak-scan-nogit-'));
    const err: unknown = await scanFiles([], createNodeScanIo(dir), { mode: { kind: 'staged' } }).catch(
      (e: unknown) => e,
    );
    expect(isDocugenError(err, 'LEAK_GIT_FAILED')).toBe(true);
  });

  it('an unknown base is a LEAK_GIT_FAILED error', async () => {
    const { repo } = repoWithHistory();
    const err: unknown = await scanFiles([], createNodeScanIo(repo.dir), {
      mode: { kind: 'diff', base: 'no-such-ref' },
    }).catch((e: unknown) => e);
    expect(isDocugenError(err, 'LEAK_GIT_FAILED')).toBe(true);
  });
});

describe('addedLinesFromDiff', () => {
  it('reads +start,count from -U0 hunk headers (count defaults to 1, 0 adds nothing)', () => {
    const diff = [
      'diff --git a/f b/f',
      '@@ -1,0 +2,3 @@',
      '+a',
      '+b',
      '+c',
      '@@ -9 +12 @@',
      '-x',
      '+y',
      '@@ -20,2 +22,0 @@',
      '-p',
      '-q',
    ].join('\n');
    expect(addedLinesFromDiff(diff)).toEqual([2, 3, 4, 12]);
  });
});
