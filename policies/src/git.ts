import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { DocugenPolicyCode } from './codes.js';

/** The one thing `check --changed` needs from version control. */
export interface GitPort {
  /**
   * Files under `paths` (absolute) that differ from revision `base`:
   * committed, staged or unstaged changes and untracked files, as absolute
   * paths in the same form as `paths`. Deleted files are included (callers
   * intersect with what exists). Throws POLICY_GIT_FAILED for an unknown revision.
   */
  changedFiles(base: string, paths: readonly string[]): Promise<string[]>;
}

export type RunGit = (args: readonly string[], cwd: string) => Promise<string>;

/** Runs git without a shell; output as text, failures as POLICY_GIT_FAILED with git's first error line. */
export const runGit: RunGit = async (args, cwd) => {
  // Loaded on first use: `check` without --changed never starts git, and
  // child_process (with net, dgram and streams) is a noticeable part of start-up.
  const { execFile } = await import('node:child_process');
  return new Promise((done, fail) => {
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) {
        done(stdout);
        return;
      }
      const first = stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
      fail(
        new DocugenError<DocugenPolicyCode>('POLICY_GIT_FAILED', `git ${args[0] ?? ''} failed: ${first.trim()}`, {
          cause: err,
        }),
      );
    });
  });
};

function names(out: string): string[] {
  return out.split('\0').filter((n) => n !== '');
}

/**
 * The repository's top folder, having checked that `base` names a commit: one
 * git process when all is well (a process costs more than the check of a
 * thousand manifests); on failure, one step at a time to say which went wrong.
 */
async function topAndBase(run: RunGit, cwd: string, base: string): Promise<string> {
  const verify = ['--verify', '--quiet', '--end-of-options', `${base}^{commit}`];
  const both = await run(['rev-parse', '--show-toplevel', ...verify], cwd).catch(() => undefined);
  const top = both?.split('\n')[0];
  if (top) return top.trim();
  const alone = (await run(['rev-parse', '--show-toplevel'], cwd)).trim();
  await run(['rev-parse', ...verify], cwd).catch((err: unknown) => {
    throw new DocugenError<DocugenPolicyCode>(
      'POLICY_GIT_FAILED',
      `unknown git revision "${base}" (fetch it first, e.g. git fetch origin ${base})`,
      { cause: err },
    );
  });
  return alone;
}

/** The real git CLI, run in `cwd`. */
export function gitCli(cwd: string, run: RunGit = runGit): GitPort {
  return {
    async changedFiles(base, paths) {
      if (base.startsWith('-'))
        throw new DocugenError<DocugenPolicyCode>('POLICY_GIT_FAILED', `"${base}" is not a revision`);
      const top = await topAndBase(run, cwd, base);
      const realCwd = await realpath(cwd);
      const toReal = (p: string): string => join(realCwd, relative(cwd, resolve(cwd, p)));
      const specs = paths.map(toReal).filter((p) => {
        const rel = relative(top, p);
        return !rel.startsWith('..') && !isAbsolute(rel);
      });
      if (specs.length === 0) return [];
      const [diff, untracked] = await Promise.all([
        run(['diff', '--name-only', '--no-renames', '-z', base, '--', ...specs], top),
        run(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...specs], top),
      ]);
      const changed = [...new Set([...names(diff), ...names(untracked)])];
      return changed.map((n) => join(cwd, relative(realCwd, join(top, n))));
    },
  };
}
