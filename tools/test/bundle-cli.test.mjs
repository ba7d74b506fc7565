import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs on the build's output (npm test builds first): the bin runs `check` from its cached
// script; the ES-module bundle is the reference it must match.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'packages/cli/bin/docugen-secrets.js');
const BUNDLE = join(ROOT, 'packages/cli/dist/bundle/docugen-secrets.mjs');
const SCRIPT = join(ROOT, 'packages/cli/dist/bundle/cached/check.vm.js');

function run(entry, args, cwd) {
  const r = spawnSync(process.execPath, [entry, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd });
  expect(r.status).toBe(0);
}

// A folder of manifests in a git repository: one valid (changed since HEAD), one broken.
const temp = mkdtempSync(join(tmpdir(), 'bundle-cli-'));
beforeAll(() => {
  mkdirSync(join(temp, 'secrets-manifests'));
  const manifest = readFileSync(join(ROOT, 'secrets-manifests/webhook-hmac-secret.yaml'), 'utf8');
  writeFileSync(join(temp, 'secrets-manifests/webhook-hmac-secret.yaml'), manifest);
  writeFileSync(
    join(temp, 'secrets-manifests/broken.yaml'),
    'apiVersion: docugen.io/secrets/v1\nid: Broken_Id\nowner: [\n',
  );
  git(temp, 'init', '-q');
  git(temp, 'add', '.');
  git(temp, 'commit', '-q', '-m', 'manifests');
  writeFileSync(
    join(temp, 'secrets-manifests/webhook-hmac-secret.yaml'),
    manifest.replace('cadence: P60D', 'cadence: P30D'),
  );
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the cached check script', () => {
  it('is built with a code cache this Node accepts', () => {
    expect(existsSync(SCRIPT) && existsSync(`${SCRIPT}.cache`)).toBe(true);
    const probe = `const { compileScript } = await import(${JSON.stringify(join(ROOT, 'tools/bundle-cli.mjs'))});
      const { readFileSync } = await import('node:fs');
      const file = ${JSON.stringify(SCRIPT)};
      process.stdout.write(String(compileScript(file, readFileSync(file + '.cache')).script.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });

  it.each([
    ['the repository', ROOT, ['check', 'secrets-manifests']],
    ['the repository as JSON', ROOT, ['check', 'secrets-manifests', '--format', 'json']],
    ['the repository as SARIF', ROOT, ['check', 'secrets-manifests', '--format', 'sarif']],
    ['annotations', temp, ['check', '--format', 'github']],
    ['findings (exit 1)', temp, ['check']],
    ['--changed (git, a dynamic import)', temp, ['check', '--changed', 'HEAD', '--format', 'json']],
    ['a usage error (exit 2)', temp, ['check', 'missing-folder']],
    ['--help', temp, ['check', '--help']],
  ])('prints and exits as the ES-module bundle does: %s', (_name, cwd, args) => {
    const expected = run(BUNDLE, args, cwd);
    expect(run(BIN, args, cwd)).toEqual(expected);
    expect(expected.stdout.length + expected.stderr.length).toBeGreaterThan(0);
  });
});
