import { watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoRandom } from '@docugen-secrets/core';
import { encryptDocument, generateAgeIdentity } from '@docugen-secrets/sops';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.js';

/** Fresh age identities in 0600 key files, made for this test file only. */
const keysDir = await mkdtemp(join(tmpdir(), 'cli-sops-keys-'));
async function newKey(name: string): Promise<{ file: string; recipient: string }> {
  const { identity, recipient } = await generateAgeIdentity();
  const file = join(keysDir, `${name}.txt`);
  await writeFile(file, `${identity}\n`, { mode: 0o600 });
  return { file, recipient };
}
const [A, B, C] = await Promise.all([newKey('a'), newKey('b'), newKey('c')]);
afterAll(() => rm(keysDir, { recursive: true, force: true }));
const keyA = A.file;
const RA = A.recipient;
const RB = B.recipient;
const CANARY = 'canary-7Hq-do-not-print';

async function workdir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-sops-'));
  await writeFile(join(dir, '.sops.yaml'), `creation_rules:\n  - path_regex: \\.yaml$\n    age: ${RA}\n`);
  await writeFile(join(dir, 'app.yaml'), `db:\n    password: ${CANARY}\n    port: 5432\n`);
  return dir;
}

const env = (dir: string, keyFile = keyA): Record<string, string> => ({
  SOPS_AGE_KEY_FILE: keyFile,
  XDG_CONFIG_HOME: dir,
});

describe('docugen-secrets sops', () => {
  it('decrypts a sops file to stdout', async () => {
    const file = join(keysDir, 'complex.enc.yaml');
    const plain = 'some:\n    deep:\n        object: structure\n    list:\n        - 1\n        - two\n';
    await writeFile(
      file,
      await encryptDocument(plain, { format: 'yaml', recipients: [RA], now: new Date(0), random: cryptoRandom }),
    );
    const r = await runCli(['sops', 'decrypt', file], { env: env(tmpdir()) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('object: structure\n');
  });

  it('encrypt -i (rule from .sops.yaml) → set → rotate → decrypt --extract', async () => {
    const dir = await workdir();
    const file = join(dir, 'app.yaml');
    const enc = await runCli(['sops', 'encrypt', '-i', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(enc).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(CANARY);
    expect(text).toContain(`recipient: ${RA}`);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.includes('.docugen-tmp-'))).toEqual([]);

    await writeFile(join(dir, 'value.json'), JSON.stringify('rotated-secret'));
    const set = await runCli(['sops', 'set', 'app.yaml', '["db"]["password"]', '--value-file', 'value.json'], {
      cwd: dir,
      env: env(dir),
    });
    expect(set).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const afterSet = await readFile(file, 'utf8');
    // the test clock is fixed, so lastmodified does not move: only the value and the MAC change
    expect(
      afterSet
        .split('\n')
        .filter((l, i) => l !== text.split('\n')[i])
        .map((l) => l.trim().split(':')[0]),
    ).toEqual(['password', 'mac']);

    const rot = await runCli(['sops', 'rotate', '-i', '--add-age', RB, 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(rot).toMatchObject({ code: 0, stderr: '' });
    const rotated = await readFile(file, 'utf8');
    expect(rotated).toContain(`recipient: ${RB}`);

    const dec = await runCli(['sops', 'decrypt', '--extract', '["db"]["password"]', 'app.yaml'], {
      cwd: dir,
      env: env(dir, B.file),
    });
    expect(dec).toMatchObject({ code: 0, stdout: 'rotated-secret', stderr: '' });
    const json = await runCli(['sops', 'decrypt', '--output-type', 'json', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(JSON.parse(json.stdout)).toEqual({ db: { password: 'rotated-secret', port: 5432 } });
  });

  it('decrypt --output writes plaintext atomically with mode 0600', async () => {
    const dir = await workdir();
    await runCli(['sops', 'encrypt', '-i', 'app.yaml'], { cwd: dir, env: env(dir) });
    const r = await runCli(['sops', 'decrypt', '--output', 'plain.yaml', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(await readFile(join(dir, 'plain.yaml'), 'utf8')).toContain(CANARY);
    expect((await stat(join(dir, 'plain.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('binary files: bytes round-trip through --output; non-UTF-8 plaintext is never mangled on stdout', async () => {
    const dir = await workdir();
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41, 0x0a, 0xc3]);
    await writeFile(join(dir, 'blob.bin'), bytes);
    expect((await runCli(['sops', 'encrypt', '--age', RA, '-i', 'blob.bin'], { cwd: dir, env: env(dir) })).code).toBe(
      0,
    );
    const toStdout = await runCli(['sops', 'decrypt', 'blob.bin'], { cwd: dir, env: env(dir) });
    expect(toStdout).toMatchObject({ code: 2, stdout: '' });
    expect(toStdout.stderr).toContain('--output');
    expect(
      (await runCli(['sops', 'decrypt', '--output', 'blob.out', 'blob.bin'], { cwd: dir, env: env(dir) })).code,
    ).toBe(0);
    expect(Buffer.compare(await readFile(join(dir, 'blob.out')), bytes)).toBe(0);
    await writeFile(join(dir, 'text.bin'), '\ufeffhéllo\n');
    await runCli(['sops', 'encrypt', '--age', RA, '-i', 'text.bin'], { cwd: dir, env: env(dir) });
    expect((await runCli(['sops', 'decrypt', 'text.bin'], { cwd: dir, env: env(dir) })).stdout).toBe('\ufeffhéllo\n');
  });

  it('updatekeys shows the change and writes only with --yes', async () => {
    const dir = await workdir();
    await runCli(['sops', 'encrypt', '-i', 'app.yaml'], { cwd: dir, env: env(dir) });
    await writeFile(join(dir, '.sops.yaml'), `creation_rules:\n  - age: ${RA},${RB}\n`);
    const before = await readFile(join(dir, 'app.yaml'), 'utf8');
    const dry = await runCli(['sops', 'updatekeys', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(`+ ${RB}`);
    expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toBe(before);
    const yes = await runCli(['sops', 'updatekeys', '-y', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(yes.code).toBe(0);
    expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toContain(`recipient: ${RB}`);
  });

  it('set and encrypt refuse the sops metadata (issue 13 item 1): a code, nothing written', async () => {
    const dir = await workdir();
    await runCli(['sops', 'encrypt', '-i', 'app.yaml'], { cwd: dir, env: env(dir) });
    const text = await readFile(join(dir, 'app.yaml'), 'utf8');
    for (const index of ['["sops"]["mac"]', '["sops"]']) {
      const r = await runCli(['sops', 'set', 'app.yaml', index, '"x"'], { cwd: dir, env: env(dir) });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('SOPS_RESERVED_KEY');
      expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toBe(text);
    }
    expect((await runCli(['sops', 'decrypt', 'app.yaml'], { cwd: dir, env: env(dir) })).code).toBe(0);
    await writeFile(join(dir, 'plain.yaml'), 'a: 1\nsops:\n    mac: x\n');
    const enc = await runCli(['sops', 'encrypt', '-i', 'plain.yaml'], { cwd: dir, env: env(dir) });
    expect(enc.code).toBe(1);
    expect(enc.stderr).toContain('SOPS_ALREADY_ENCRYPTED');
    expect(await readFile(join(dir, 'plain.yaml'), 'utf8')).toBe('a: 1\nsops:\n    mac: x\n');
  });

  it('decrypt --in-place never stages the plaintext in a second file (issue 13 item 4)', async () => {
    const dir = await workdir();
    await runCli(['sops', 'encrypt', '-i', 'app.yaml'], { cwd: dir, env: env(dir) });
    const seen = new Set<string>();
    const watcher = watch(dir, (_event, name) => {
      if (name !== null) seen.add(name);
    });
    try {
      const r = await runCli(['sops', 'decrypt', '--in-place', 'app.yaml'], { cwd: dir, env: env(dir) });
      expect(r.code, r.stderr).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher's events arrive
    } finally {
      watcher.close();
    }
    expect([...seen]).toEqual(['app.yaml']);
    expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toContain(CANARY);
    expect((await stat(join(dir, 'app.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('failures: a code, the file and path, no value, nothing written', async () => {
    const dir = await workdir();
    await runCli(['sops', 'encrypt', '-i', 'app.yaml'], { cwd: dir, env: env(dir) });
    const text = await readFile(join(dir, 'app.yaml'), 'utf8');
    await writeFile(
      join(dir, 'app.yaml'),
      text.replace(
        /(password: ENC\[AES256_GCM,data:)(.)/,
        (_m, a: string, c: string) => `${a}${c === 'A' ? 'B' : 'A'}`,
      ),
    );
    const r = await runCli(['sops', 'decrypt', '--output', 'out.yaml', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/SOPS_VALUE_TAMPERED: .*app\.yaml at \["db"\]\["password"\]/);
    expect(r.stderr).not.toContain(CANARY);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(dir)).not.toContain('out.yaml');
    const wrong = await runCli(['sops', 'decrypt', 'app.yaml'], { cwd: dir, env: env(dir, C.file) });
    expect(wrong.stderr).toContain('SOPS_NO_MATCHING_RECIPIENT');
    const usage = await runCli(['sops', 'frobnicate', 'app.yaml'], { cwd: dir, env: env(dir) });
    expect(usage.code).toBe(2);
  });
});
