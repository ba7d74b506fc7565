import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeScanIo, scanFiles, toScanPath } from '../src/index.js';
import { P } from './gen.js';
import { memoryIo } from './memory-io.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Text bytes with NULs spliced in at the given offsets. */
function withNuls(text: string, at: readonly number[]): Uint8Array {
  const out = Array.from(enc(text));
  for (const i of [...at].sort((a, b) => b - a)) out.splice(i, 0, 0);
  return new Uint8Array(out);
}

describe('NUL bytes', () => {
  it('a text file with a stray NUL is scanned, not skipped as binary', async () => {
    const k = P.aws();
    const r = await scanFiles(
      ['.'],
      memoryIo({ 'config.env': withNuls(`# settings\nAWS_ACCESS_KEY_ID=${k}\nregion=eu-west-1\n`, [3]) }),
    );
    expect(r.skipped).toEqual([]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['LEAK-aws-access-token']);
  });

  it('a tiny file with one NUL is still text', async () => {
    const r = await scanFiles(['.'], memoryIo({ 'a.txt': new Uint8Array([0x41, 0x00, 0x42]) }));
    expect(r.skipped).toEqual([]);
    expect(r.filesScanned).toBe(1);
  });

  it('a real binary (many control bytes) and UTF-16 text are skipped and named', async () => {
    const binary = new Uint8Array(4096).map((_, i) => (i % 7 === 0 ? 0 : (i * 31) % 256));
    const utf16 = new Uint8Array(Buffer.from(`token=${P.ghp()}\n`, 'utf16le'));
    const r = await scanFiles(['.'], memoryIo({ 'blob.dat': binary, 'notes.txt': utf16 }));
    expect(r.skipped).toEqual([
      { file: 'blob.dat', reason: 'binary' },
      { file: 'notes.txt', reason: 'binary' },
    ]);
  });
});

describe('paths outside the scan root', () => {
  it('toScanPath keeps paths inside the root relative and others as given', () => {
    expect(toScanPath('/repo', '/repo/README.md')).toBe('README.md');
    expect(toScanPath('/repo', '/repo')).toBe('.');
    expect(toScanPath('/repo', '/elsewhere/a.txt')).toBe('/elsewhere/a.txt');
    expect(toScanPath('/repo', '../x/a.txt')).toBe('../x/a.txt');
    expect(toScanPath('/repo', 'src/a.ts')).toBe('src/a.ts');
  });

  it('the node adapter reads absolute paths and paths above the root', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'leak-outside-'));
    const root = mkdtempSync(join(tmpdir(), 'leak-root-'));
    writeFileSync(join(outside, 'a.env'), `KEY_ID=${P.aws()}\n`);
    const io = createNodeScanIo(root);
    const abs = await scanFiles([join(outside, 'a.env')], io);
    expect(abs.findings.map((f) => f.file)).toEqual([join(outside, 'a.env')]);
    const up = relative(root, join(outside, 'a.env'));
    expect(up.startsWith('../')).toBe(true);
    const rel = await scanFiles([up], io);
    expect(rel.findings.map((f) => f.file)).toEqual([up]);
  });
});
