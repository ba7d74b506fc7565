import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'check-paths-'));
}

/** The one line a usage error prints, for `check` on `args` from `cwd`. */
async function usage(cwd: string, ...args: string[]): Promise<string> {
  const r = await runCli(['check', ...args], { cwd });
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
  return r.stderr;
}

describe('check: paths that hold no manifest are usage errors (exit 2) with a true message', () => {
  it('an empty folder', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'manifests'));
    expect(await usage(dir, 'manifests')).toMatch(/no manifest \(\*\.yaml, \*\.yml\) under manifests/);
  });

  it('a folder named x.yaml', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'x.yaml'));
    expect(await usage(dir, 'x.yaml')).toMatch(/no manifest .* under x\.yaml/);
  });

  it('one good path and one empty one: the empty one is named', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'good'));
    copyFileSync(join(repoRoot, 'secrets-manifests/webhook-hmac-secret.yaml'), join(dir, 'good/a.yaml'));
    const err = await usage(dir, 'good', 'empty');
    expect(err).toMatch(/under empty/);
    expect(err).not.toMatch(/good/);
  });

  it('a symlink loop is a loop, not "not found"', async () => {
    const dir = tmp();
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    const err = await usage(dir, 'a.yaml');
    expect(err).toMatch(/a\.yaml: a symbolic link loop/);
    expect(err).not.toMatch(/not found/);
  });

  it('a character device is named as one, not read as 0 bytes', async () => {
    expect(await usage(tmp(), '/dev/null')).toMatch(/\/dev\/null is a character device, not a manifest file/);
  });

  it('a FIFO is named as one and never blocks', async () => {
    const dir = tmp();
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    expect(await usage(dir, 'pipe.yaml')).toMatch(/pipe\.yaml is a FIFO \(named pipe\), not a manifest file/);
  });

  it('a FIFO inside a folder is skipped, the folder still checked', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'm'));
    copyFileSync(join(repoRoot, 'secrets-manifests/webhook-hmac-secret.yaml'), join(dir, 'm/a.yaml'));
    execFileSync('mkfifo', [join(dir, 'm/pipe.yaml')]);
    const r = await runCli(['check', 'm', '--policies', join(repoRoot, 'policies')], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/checked 1 manifest/);
  });

  it('a missing path is still "not found"', async () => {
    expect(await usage(tmp(), 'nope')).toMatch(/path not found: nope/);
  });
});

describe('files named to other commands are never read when not regular', () => {
  it('audit verify on a FIFO is a usage error and does not block', async () => {
    const dir = tmp();
    execFileSync('mkfifo', [join(dir, 'audit.jsonl')]);
    const r = await runCli(['audit', 'verify', 'audit.jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/audit\.jsonl is not a regular file/);
  });
});
