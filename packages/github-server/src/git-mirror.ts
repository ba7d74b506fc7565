import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GitHubApiError } from './errors.js';
import type { RefRecord, RepoRecord } from './model.js';

const run = promisify(execFile);
const ZERO = '0'.repeat(40);

/**
 * Refs of a repository taken from a real git repository (usually the bare
 * remote a test or `npm start` pushes to): branches pushed with git are what
 * the REST API shows, and refs created through the API land in git. Reads
 * refresh the mirror first; writes are applied to git before they are
 * acknowledged, so "Object does not exist" comes from git itself.
 */
export class GitRefMirror {
  readonly #dirs: ReadonlyMap<string, string>;

  /** `dirs`: `owner/name` → path of the git repository (bare or not). */
  constructor(dirs: Readonly<Record<string, string>>) {
    this.#dirs = new Map(Object.entries(dirs).map(([slug, dir]) => [slug.toLowerCase(), dir]));
  }

  dirOf(repo: Pick<RepoRecord, 'owner' | 'name'>): string | undefined {
    return this.#dirs.get(`${repo.owner}/${repo.name}`.toLowerCase());
  }

  /** Replaces the repository's refs (and default branch) with git's. */
  async load(repo: RepoRecord): Promise<void> {
    const dir = this.dirOf(repo);
    if (dir === undefined) return;
    const { stdout } = await run('git', [
      '-C',
      dir,
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      'refs/heads',
      'refs/tags',
    ]);
    repo.refs = stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const [ref = '', sha = ''] = line.split(' ');
        return { ref, sha };
      });
    const head = await run('git', ['-C', dir, 'symbolic-ref', '--quiet', 'HEAD']).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    if (head.startsWith('refs/heads/')) repo.defaultBranch = head.slice('refs/heads/'.length);
  }

  /** Applies the difference between two ref lists to git, each update checked against the old value. */
  async apply(repo: RepoRecord, before: readonly RefRecord[], after: readonly RefRecord[]): Promise<void> {
    const dir = this.dirOf(repo);
    if (dir === undefined) return;
    const old = new Map(before.map((r) => [r.ref, r.sha]));
    const next = new Map(after.map((r) => [r.ref, r.sha]));
    for (const [ref, sha] of next) {
      if (old.get(ref) !== sha) await this.#git(dir, ['update-ref', ref, sha, old.get(ref) ?? ZERO]);
    }
    for (const [ref, sha] of old) {
      if (!next.has(ref)) await this.#git(dir, ['update-ref', '-d', ref, sha]);
    }
  }

  async #git(dir: string, args: string[]): Promise<void> {
    try {
      await run('git', ['-C', dir, ...args]);
    } catch (err) {
      const stderr = (err as { stderr?: unknown }).stderr;
      const text = typeof stderr === 'string' ? stderr : '';
      const message = /nonexistent object|not a valid|bad object/i.test(text)
        ? 'Object does not exist'
        : 'Reference update failed';
      throw new GitHubApiError('GH_VALIDATION_FAILED', 422, message);
    }
  }
}
