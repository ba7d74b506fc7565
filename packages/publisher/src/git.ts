import { execFile } from 'node:child_process';
import { publishError } from './errors.js';

/** Author and committer of the publish commit. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

/** What git printed, and its exit status (0 = success). */
export interface GitResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `git` CLI in one working tree with execFile (no shell). The
 * identity is passed per command (`-c user.name/-c user.email`), never read
 * from the environment, and git inherits the process environment untouched.
 */
export class Git {
  readonly root: string;
  readonly #bin: string;
  readonly #identity: GitIdentity;

  constructor(root: string, identity: GitIdentity, bin = 'git') {
    this.root = root;
    this.#identity = identity;
    this.#bin = bin;
  }

  /** Runs git and returns its output; a non-zero exit is a PUBLISH_GIT_FAILED naming the command. */
  async run(args: readonly string[], input?: string): Promise<string> {
    const r = await this.attempt(args, input);
    if (r.status === 0) return r.stdout;
    const why = r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
    throw publishError('PUBLISH_GIT_FAILED', `git ${args[0] ?? ''} failed in ${this.root}${why ? `: ${why}` : ''}`, {
      details: { command: `git ${args[0] ?? ''}`, status: r.status },
    });
  }

  /** Runs git and reports its status instead of throwing (for commands whose failure is an answer). */
  attempt(args: readonly string[], input?: string): Promise<GitResult> {
    const config = ['-c', `user.name=${this.#identity.name}`, '-c', `user.email=${this.#identity.email}`];
    return new Promise((resolve) => {
      const child = execFile(
        this.#bin,
        [...config, ...args],
        { cwd: this.root, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = (err as (Error & { code?: unknown }) | null)?.code;
          resolve({ status: err ? (typeof code === 'number' ? code : 128) : 0, stdout, stderr });
        },
      );
      // git may exit before reading its input (a failed command): that is its status, not an error here.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
  }

  /** The commit id `rev` names, or undefined when it does not exist. */
  async resolve(rev: string): Promise<string | undefined> {
    const r = await this.attempt(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
    return r.status === 0 ? r.stdout.trim() : undefined;
  }

  /** The blob id of `path` in `rev`, or undefined when the file is not there. */
  async blob(rev: string, path: string): Promise<string | undefined> {
    const r = await this.attempt(['rev-parse', '--verify', '--quiet', `${rev}:${path}`]);
    return r.status === 0 ? r.stdout.trim() : undefined;
  }

  /** Paths that differ between two commits (`from` undefined: every path of `to`). */
  async changedPaths(from: string | undefined, to: string): Promise<string[]> {
    const out =
      from === undefined
        ? await this.run(['ls-tree', '-r', '-z', '--name-only', to])
        : await this.run(['diff', '--name-only', '-z', '--no-renames', from, to]);
    return out.split('\0').filter((p) => p !== '');
  }
}
