import { execFileSync, spawn } from 'node:child_process';
import { chmod, cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

// Issue 13 item 2, end to end: `start` killed with SIGKILL after it wrote a SOPS
// file and before it committed it. The kill is timed by the test, not by luck:
// a stand-in `git` on the child's PATH holds the first `git add` of the signing
// key's file (the step boundary) until the test, having seen the modified file
// in `git status --porcelain`, kills the whole process group.

const BIN = join(repoRoot, 'packages/cli/bin/docugen-secrets.js');
const T0 = Date.parse('2026-11-29T12:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const DAYS_100 = 100 * 24 * 60;
const SIGNING = 'secrets/production/document-signing-key.sops.yaml';

let cwd: string;
let shim: string;
const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'start-crash-'));
  await cp(join(repoRoot, 'secrets-manifests'), join(cwd, 'secrets-manifests'), { recursive: true });
  shim = join(cwd, 'shim');
  await mkdir(shim);
  // Holds the first `git add` naming $HOLD (then exec's sleep, so the kill of the group ends it); everything else is real git.
  const script = `#!/bin/sh
held=
for a in "$@"; do case "$a" in *"$HOLD"*) held=1 ;; esac; done
if [ -n "$held" ] && [ "$*" != "\${*#* add }" ] && [ ! -e "$HELD_MARK" ]; then : > "$HELD_MARK"; exec sleep 600; fi
exec "$REAL_GIT" "$@"
`;
  await writeFile(join(shim, 'git'), script);
  await chmod(join(shim, 'git'), 0o755);
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const baseEnv = (): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  HOME: cwd,
  AWS_EC2_METADATA_DISABLED: 'true',
});

/** Runs `start --now NOW` to its end. */
function start(now: string): { status: number | null; output: string } {
  try {
    return {
      status: 0,
      output: execFileSync(process.execPath, [BIN, 'start', '--now', now], {
        cwd,
        env: baseEnv(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    };
  } catch (err) {
    const e = err as { status: number | null; stdout?: string; stderr?: string };
    return { status: e.status, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const sopsGit = (...args: string[]): string =>
  execFileSync(realGit, ['-C', join(cwd, '.local', 'sops-repo'), ...args], { encoding: 'utf8' });

/** Starts `start --now NOW` in its own process group and SIGKILLs the group once `git status` shows `file` modified. */
async function killOnceWritten(now: string, file: string): Promise<string> {
  const env = {
    ...baseEnv(),
    PATH: `${shim}:${process.env['PATH'] ?? ''}`,
    HOLD: file,
    HELD_MARK: join(cwd, 'held'),
    REAL_GIT: realGit,
  };
  const child = spawn(process.execPath, [BIN, 'start', '--now', now], { cwd, env, detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const deadline = Date.now() + 150_000;
  let status = '';
  while (Date.now() < deadline && child.exitCode === null) {
    status = sopsGit('status', '--porcelain');
    if (status.includes(` M ${file}`)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.kill(-(child.pid ?? 0), 'SIGKILL');
  await exited;
  return status;
}

describe('start killed between a SOPS write and its commit', { timeout: 400_000 }, () => {
  it('the rerun commits the signing key publish step with its own message and leaves the repository clean', async () => {
    const first = start(at(0));
    expect(first.status, first.output).toBe(0);
    const before = sopsGit('rev-parse', 'HEAD').trim();

    const seen = await killOnceWritten(at(DAYS_100), SIGNING);
    expect(seen).toContain(` M ${SIGNING}`);
    expect(sopsGit('rev-parse', 'HEAD').trim()).toBe(before); // killed before the commit

    const rerun = start(at(DAYS_100 + 5));
    // The IAM key the killed run created is too new to prove unused (IAM reports last use
    // hours late, issue 16 item 2), so the S3 key's rerun deliberately waits with KEY_LIMIT;
    // that must be the only error.
    const errors = rerun.output.split('\n').filter((l) => /\berror: /.test(l));
    expect(
      errors.every((l) => l.startsWith('document-storage-s3-access-key') && l.includes('ROTATION_PROVIDER_KEY_LIMIT')),
      rerun.output,
    ).toBe(true);
    expect(rerun.status, rerun.output).toBe(errors.length === 0 ? 0 : 1);
    expect(sopsGit('status', '--porcelain')).toBe('');
    const published = sopsGit('log', '--format=%s', `${before}..HEAD`, '--', SIGNING).trim().split('\n');
    expect(published).toEqual([
      expect.stringMatching(/^docugen-secrets: stage pending version [0-9a-f-]{36} of document-signing-key$/),
    ]);
    expect(sopsGit('show', `HEAD:${SIGNING}`)).toContain('stage: pending');
    // …and pushed to the local remote with the rerun's publish, listed in its report.
    const remoteHead = execFileSync(realGit, ['-C', join(cwd, '.local', 'sops-remote.git'), 'rev-parse', 'main'], {
      encoding: 'utf8',
    });
    expect(remoteHead).toBe(sopsGit('rev-parse', 'HEAD'));
    expect(rerun.output).toMatch(
      /^ {2}[0-9a-f]{40} docugen-secrets: stage pending version [0-9a-f-]{36} of document-signing-key$/m,
    );
    expect(rerun.output).toContain(
      `committed ${SIGNING}, left uncommitted by an interrupted run (docugen-secrets: stage pending version`,
    );
  });
});
