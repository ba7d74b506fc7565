import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteTarget, overwriteFile, writeFileAtomic } from './fs.js';

// Issue 13 item 4: temp files of atomic writes have a recognisable name, and
// the next write into their folder removes the ones a crash left behind.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'core-fs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const old = new Date(Date.now() - 10 * 60_000);

describe('writeFileAtomic', () => {
  it('names its temp files .NAME.docugen-tmp-<hex> (and still knows the old .NAME.<hex>.tmp form)', () => {
    expect(atomicWriteTarget('.app.yaml.docugen-tmp-0123456789ab')).toBe('app.yaml');
    expect(atomicWriteTarget('.app.yaml.0123456789ab.tmp')).toBe('app.yaml');
    for (const name of ['app.yaml', '.app.yaml', '.app.yaml.docugen-tmp-', 'x.docugen-tmp-0123456789ab', '.a.tmp'])
      expect(atomicWriteTarget(name)).toBeUndefined();
  });

  it('removes the temp files interrupted writes left in the folder: of the same file always, of others once stale', async () => {
    const leftovers = [
      '.app.yaml.docugen-tmp-0123456789ab',
      '.app.yaml.a1b2c3d4e5f6.tmp',
      '.other.json.docugen-tmp-aaaaaaaaaaaa',
    ];
    for (const name of leftovers) await writeFile(join(dir, name), 'PLAINTEXT-CANARY');
    await utimes(join(dir, '.other.json.docugen-tmp-aaaaaaaaaaaa'), old, old);
    const young = '.third.json.docugen-tmp-bbbbbbbbbbbb'; // perhaps a write in progress: kept
    await writeFile(join(dir, young), 'x');
    await writeFile(join(dir, 'unrelated.tmp'), 'kept');
    await writeFileAtomic(join(dir, 'app.yaml'), 'a: 1\n', 0o600);
    expect((await readdir(dir)).sort()).toEqual([young, 'app.yaml', 'unrelated.tmp'].sort());
    expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toBe('a: 1\n');
    expect((await stat(join(dir, 'app.yaml'))).mode & 0o777).toBe(0o600);
  });
});

describe('overwriteFile', () => {
  it('rewrites in place with the mode set first, and makes no other file', async () => {
    const file = join(dir, 'app.yaml');
    await writeFile(file, 'encrypted: and longer than the new content\n', { mode: 0o644 });
    await overwriteFile(file, 'plain: 1\n', 0o600);
    expect(await readFile(file, 'utf8')).toBe('plain: 1\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['app.yaml']);
  });
});
