import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, rejectionOf, startHarness } from './helpers.js';

let root: string;
let bare: string;
let work: string;
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gh-git-'));
  bare = join(root, 'remote.git');
  work = join(root, 'work');
  git(root, 'init', '--bare', '-q', bare);
  git(root, 'clone', '-q', bare, work);
  await writeFile(join(work, 'a.txt'), 'one\n');
  git(work, 'add', 'a.txt');
  git(work, 'commit', '-qm', 'one');
  git(work, 'push', '-q', 'origin', 'HEAD:main');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('refs mirrored from a real git repository (gitDirs)', () => {
  it('shows pushed branches, opens a pull request from one, follows new pushes, and writes API-made refs into git', async () => {
    const { octokit } = await startHarness({ gitDirs: { 'docugen/secrets': bare } });
    const main = await octokit.rest.git.getRef({ ...REPO, ref: 'heads/main' });
    expect(main.data.object.sha).toBe(git(bare, 'rev-parse', 'refs/heads/main'));

    git(work, 'checkout', '-qb', 'docugen/rotation');
    await writeFile(join(work, 'a.txt'), 'two\n');
    git(work, 'commit', '-qam', 'two');
    git(work, 'push', '-q', 'origin', 'docugen/rotation');
    const pr = await octokit.rest.pulls.create({ ...REPO, title: 'Rotate', head: 'docugen/rotation', base: 'main' });
    expect(pr.data.head.sha).toBe(git(work, 'rev-parse', 'HEAD'));

    await writeFile(join(work, 'a.txt'), 'three\n');
    git(work, 'commit', '-qam', 'three');
    git(work, 'push', '-q', 'origin', 'docugen/rotation');
    expect((await octokit.rest.pulls.get({ ...REPO, pull_number: pr.data.number })).data.head.sha).toBe(
      git(work, 'rev-parse', 'HEAD'),
    );

    const tip = git(work, 'rev-parse', 'HEAD');
    await octokit.rest.git.createRef({ ...REPO, ref: 'refs/heads/from-api', sha: tip });
    expect(git(bare, 'rev-parse', 'refs/heads/from-api')).toBe(tip);
    const missing = await rejectionOf(
      octokit.rest.git.createRef({ ...REPO, ref: 'refs/heads/ghost', sha: 'c'.repeat(40) }),
    );
    expect(missing.status).toBe(422);
    expect(missing.response?.data).toMatchObject({ message: 'Object does not exist' });
    expect((await rejectionOf(octokit.rest.git.getRef({ ...REPO, ref: 'heads/ghost' }))).status).toBe(404);
    await octokit.rest.git.deleteRef({ ...REPO, ref: 'heads/from-api' });
    expect(git(bare, 'for-each-ref', '--format=%(refname)', 'refs/heads/from-api')).toBe('');
  });
});
