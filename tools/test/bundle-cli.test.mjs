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
const SCRIPTS = ['check', 'sops'].map((c) => [c, join(ROOT, `packages/cli/dist/bundle/cached/${c}.vm.js`)]);

function run(entry, args, cwd, env = {}) {
  const r = spawnSync(process.execPath, [entry, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
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

// A SOPS file encrypted to a throwaway age key, and a second key that cannot open it.
const sopsEnv = {};
const wrongKeyEnv = {};
beforeAll(async () => {
  const { encryptDocument, generateAgeIdentity } = await import(join(ROOT, 'packages/sops/dist/index.js'));
  const { cryptoRandom } = await import(join(ROOT, 'packages/core/dist/index.js'));
  const [own, other] = [await generateAgeIdentity(), await generateAgeIdentity()];
  const plain = 'db:\n  user: app\n  password: bundle-test-only\nports: [1, 2]\n';
  const options = { format: 'yaml', recipients: [own.recipient], now: new Date(), random: cryptoRandom };
  writeFileSync(join(temp, 'app.enc.yaml'), await encryptDocument(plain, options));
  for (const [env, id, name] of [
    [sopsEnv, own, 'keys.txt'],
    [wrongKeyEnv, other, 'other-keys.txt'],
  ]) {
    writeFileSync(join(temp, name), `${id.identity}\n`, { mode: 0o600 });
    Object.assign(env, { SOPS_AGE_KEY_FILE: join(temp, name), XDG_CONFIG_HOME: temp });
  }
});

describe('the cached scripts', () => {
  it.each(SCRIPTS)('%s: built with a code cache this Node accepts', (_command, script) => {
    expect(existsSync(script) && existsSync(`${script}.cache`)).toBe(true);
    const probe = `const { compileScript } = await import(${JSON.stringify(join(ROOT, 'tools/bundle-cli.mjs'))});
      const { readFileSync } = await import('node:fs');
      const file = ${JSON.stringify(script)};
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

  it.each([
    ['decrypt', () => sopsEnv, ['sops', 'decrypt', 'app.enc.yaml']],
    ['decrypt --extract', () => sopsEnv, ['sops', 'decrypt', '--extract', '["db"]["user"]', 'app.enc.yaml']],
    ['decrypt as JSON', () => sopsEnv, ['sops', 'decrypt', '--output-type', 'json', 'app.enc.yaml']],
    ['a key that cannot open the file', () => wrongKeyEnv, ['sops', 'decrypt', 'app.enc.yaml']],
    ['a missing file', () => sopsEnv, ['sops', 'decrypt', 'missing.enc.yaml']],
    ['an unknown subcommand (exit 2)', () => sopsEnv, ['sops', 'frobnicate', 'app.enc.yaml']],
    ['--help', () => sopsEnv, ['sops', '--help']],
  ])('sops prints and exits as the ES-module bundle does: %s', (_name, env, args) => {
    const expected = run(BUNDLE, args, temp, env());
    expect(run(BIN, args, temp, env())).toEqual(expected);
    expect(expected.stdout.length + expected.stderr.length).toBeGreaterThan(0);
  });
});
