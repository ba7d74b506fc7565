import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import { IntentJournal } from './intent-journal.js';
import { contentHash, repositoryError, type ChangeIntent, type Repository } from './repository.js';
import { recordStoreCall } from '@docugen-secrets/secret-store';

export interface GitRepositoryOptions {
  /** The git executable. Default `git` (from PATH). */
  readonly git?: string;
  /** Author and committer, passed as `-c user.name/-c user.email` (no environment is read). */
  readonly identity?: { readonly name: string; readonly email: string };
  /** Push after each commit (e.g. `{ remote: 'origin', branch: 'main' }`); a rejected push fails the operation. */
  readonly pushTo?: { readonly remote: string; readonly branch: string };
}

/**
 * A Repository over a local git working tree, driving the `git` CLI with
 * execFile (no shell). Commits are serialised per instance (git's index lock
 * allows one at a time) and include only the given paths, so unrelated work
 * in the tree is never swept into a secret's commit. Change intents are kept
 * in `<git dir>/docugen-secrets/intents/` (per worktree, never committed).
 */
export class GitRepository implements Repository {
  readonly root: string;
  readonly #options: GitRepositoryOptions;
  readonly #journal: IntentJournal;
  #queue: Promise<unknown> = Promise.resolve();
  #gitDir: Promise<string> | undefined;

  constructor(root: string, options: GitRepositoryOptions = {}) {
    this.root = resolve(root);
    this.#options = options;
    this.#journal = new IntentJournal(async () => join(await this.#resolveGitDir(), 'docugen-secrets', 'intents'));
  }

  async readFile(path: string): Promise<string | undefined> {
    try {
      return await readFile(this.#abs(path), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async committedFile(path: string): Promise<string | undefined> {
    const rel = relative(this.root, this.#abs(path));
    // `HEAD:./p` is relative to the working directory, so a root below the top level works too.
    return this.#git(['show', `HEAD:./${rel}`]).catch(() => undefined);
  }

  async writeFile(path: string, content: string, message: string): Promise<void> {
    const abs = this.#abs(path);
    await this.#journal.record({ path: relative(this.root, abs), sha256: contentHash(content), message });
    await mkdir(dirname(abs), { recursive: true });
    await writeFileAtomic(abs, content, 0o644);
  }

  openIntents(): Promise<readonly ChangeIntent[]> {
    return this.#journal.list();
  }

  dropIntent(path: string): Promise<void> {
    return this.#journal.remove(relative(this.root, this.#abs(path)));
  }

  commit(message: string, paths: readonly string[]): Promise<string> {
    const run = this.#queue.then(() => this.#commit(message, paths));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #commit(message: string, paths: readonly string[]): Promise<string> {
    const rel = paths.map((p) => relative(this.root, this.#abs(p)));
    const open = (await Promise.all(rel.map((p) => this.#journal.has(p)))).some(Boolean);
    await this.#git(['add', '--', ...rel]);
    const changed = await this.#git(['diff', '--cached', '--quiet', '--', ...rel]).then(
      () => false,
      () => true,
    );
    if (changed) await this.#git(['commit', '--quiet', '--no-verify', '-m', message, '--', ...rel]);
    const sha = (await this.#git(['rev-parse', 'HEAD'])).trim();
    // An open intent without a change: the run that committed it may have stopped before pushing.
    if ((changed || open) && this.#options.pushTo) await this.#push(this.#options.pushTo);
    for (const p of rel) await this.#journal.remove(p);
    recordStoreCall({ operation: changed ? 'git commit' : 'git commit (no change)', commit: sha });
    return sha;
  }

  async #push(to: { remote: string; branch: string }): Promise<void> {
    try {
      await this.#git(['push', '--quiet', to.remote, `HEAD:refs/heads/${to.branch}`]);
    } catch (err) {
      throw repositoryError(
        'REPO_PUSH_REJECTED',
        `git push to ${to.remote} ${to.branch} failed in ${this.root}: pull and rerun the operation (it is idempotent)`,
        {
          cause: err,
          details: { remote: to.remote, branch: to.branch },
        },
      );
    }
  }

  #abs(path: string): string {
    const abs = resolve(this.root, path);
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw repositoryError('REPO_PATH_OUTSIDE', `path "${path}" is outside the repository ${this.root}`, {
        details: { path },
      });
    }
    return abs;
  }

  #resolveGitDir(): Promise<string> {
    this.#gitDir ??= this.#git(['rev-parse', '--absolute-git-dir']).then(
      (out) => out.trim(),
      (err: unknown) => {
        this.#gitDir = undefined;
        throw err;
      },
    );
    return this.#gitDir;
  }

  #git(args: readonly string[]): Promise<string> {
    const id = this.#options.identity;
    const config = id ? ['-c', `user.name=${id.name}`, '-c', `user.email=${id.email}`] : [];
    return new Promise((resolvePromise, reject) => {
      execFile(
        this.#options.git ?? 'git',
        [...config, ...args],
        { cwd: this.root, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (!err) {
            resolvePromise(stdout);
            return;
          }
          const why = stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
          reject(
            repositoryError('REPO_GIT_FAILED', `git ${args[0] ?? ''} failed in ${this.root}${why ? `: ${why}` : ''}`, {
              cause: err,
              details: { command: `git ${args[0] ?? ''}` },
            }),
          );
        },
      );
    });
  }
}
