import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { compileAllowlist, loadAllowlist, scanFiles } from '../src/index.js';
import { mixed, P } from './gen.js';
import { memoryIo } from './memory-io.js';

describe('scanFiles over paths', () => {
  it('walks folders, skipping node_modules, .git, dist and .nx', async () => {
    const k = P.aws();
    const io = memoryIo({
      'src/a.ts': `const id = '${k}';\n`,
      'src/deep/b.yaml': 'ok: 1\n',
      'node_modules/x/index.js': `'${P.aws()}'`,
      '.git/config': `'${P.aws()}'`,
      'dist/a.js': `'${P.aws()}'`,
      '.nx/cache/x': `'${P.aws()}'`,
    });
    const r = await scanFiles(['.'], io);
    expect(r.findings.map((f) => `${f.file}:${f.start.line}:${f.start.col}`)).toEqual(['src/a.ts:1:13']);
    expect(r.filesScanned).toBe(2);
    expect(io.reads.sort()).toEqual(['src/a.ts', 'src/deep/b.yaml']);
  });

  it('skips binary and oversized files with a note, and default exclusions', async () => {
    const io = memoryIo({
      'img.dat': new Uint8Array(64).map((_, i) => (i % 3 === 0 ? 0 : i)),
      'big.txt': 'x'.repeat(2000),
      'package-lock.json': `{"k": "${P.aws()}"}`,
      'ok.txt': 'fine\n',
    });
    const r = await scanFiles(['.'], io, { maxFileBytes: 1000 });
    expect(r.skipped).toEqual([
      { file: 'big.txt', reason: 'too-large' },
      { file: 'img.dat', reason: 'binary' },
      { file: 'package-lock.json', reason: 'default-excluded' },
    ]);
    expect(r.filesScanned).toBe(1);
  });

  it('applies the allowlist: path-only entries skip files unread, others filter findings', async () => {
    const { entries } = loadAllowlist(
      'entries:\n  - path: "**/fixtures/**"\n    reason: test keys\n  - rule: LEAK-generic-api-key\n    path: docs/**\n    reason: doc samples\n',
      'a.yaml',
    );
    const io = memoryIo({
      'pkg/test/fixtures/k.txt': P.age(),
      'docs/x.md': `api_key = "${mixed(24)}"\n`,
      'src/x.ts': `api_key = "${mixed(24)}"\n`,
    });
    const r = await scanFiles([], io, { allowlist: compileAllowlist(entries) });
    expect(r.findings.map((f) => f.file)).toEqual(['src/x.ts']);
    expect(r.allowlisted).toBe(1);
    expect(r.skipped).toEqual([{ file: 'pkg/test/fixtures/k.txt', reason: 'allowlisted-path' }]);
    expect(io.reads).not.toContain('pkg/test/fixtures/k.txt');
  });

  it('without paths, scans the tracked files only', async () => {
    const io = memoryIo({ 'tracked.txt': P.ghp(), 'untracked.txt': P.ghp() }, { tracked: ['tracked.txt'] });
    const r = await scanFiles([], io);
    expect(r.findings.map((f) => f.file)).toEqual(['tracked.txt']);
  });

  it('in diff modes, reports only findings on added lines, within the given paths', async () => {
    const text = `a = ${P.ghp()}\nb = ${P.ghp()}\n`;
    const io = memoryIo({ 'x/f.txt': text, 'y/g.txt': text }, { added: { 'x/f.txt': [2], 'y/g.txt': [1, 2] } });
    const r = await scanFiles(['x'], io, { mode: { kind: 'diff', base: 'main' } });
    expect(r.findings.map((f) => `${f.file}:${f.start.line}`)).toEqual(['x/f.txt:2']);
  });

  it('a missing path is a LEAK_PATH_NOT_FOUND error', async () => {
    const err: unknown = await scanFiles(['nope'], memoryIo({})).catch((e: unknown) => e);
    expect(isDocugenError(err, 'LEAK_PATH_NOT_FOUND')).toBe(true);
  });
});
