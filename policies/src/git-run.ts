import { DocugenError } from '@docugen-secrets/core';
import type { DocugenPolicyCode } from './codes.js';

/** Runs git with `args` in `cwd`, answering its standard output. */
export type RunGit = (args: readonly string[], cwd: string) => Promise<string>;

/** The git command of `args`, after any global options (`--no-optional-locks`). */
export function command(args: readonly string[]): string {
  return args.find((a) => !a.startsWith('-')) ?? '';
}

/** Most output git may give one question (a `ls-tree` of a large estate is a few MB). */
const MAX_OUTPUT = 64 * 1024 * 1024;

function gitFailed(args: readonly string[], reason: string, cause: unknown): DocugenError<DocugenPolicyCode> {
  return new DocugenError<DocugenPolicyCode>('POLICY_GIT_FAILED', `git ${command(args)} failed: ${reason}`, { cause });
}

/**
 * Runs git without a shell; output as text, failures as POLICY_GIT_FAILED
 * with git's first error line. Standard input is not even a pipe: every
 * pipe is a little more work in the (on some machines slow) process start.
 */
export const runGit: RunGit = async (args, cwd) => {
  // Loaded on first use: `check` without --changed never starts git, and
  // child_process (with net, dgram and streams) is a noticeable part of start-up.
  const { spawn } = await import('node:child_process');
  return new Promise((done, fail) => {
    const child = spawn('git', [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) child.kill();
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      fail(gitFailed(args, e.message, e));
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        done(Buffer.concat(out).toString('utf8'));
        return;
      }
      const stderr = Buffer.concat(err).toString('utf8');
      const why = size > MAX_OUTPUT ? 'too much output' : `exit ${code ?? signal ?? '?'}`;
      const first = stderr.split('\n').find((l) => l.trim() !== '') ?? why;
      fail(gitFailed(args, first.trim(), new Error(`git ${command(args)}: ${why}`)));
    });
  });
};
