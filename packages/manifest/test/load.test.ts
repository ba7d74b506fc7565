import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifestText, loadManifests, checkBytes } from '../src/index.js';
import { manifestsDir, repoRoot, validText } from './helpers.js';

const FILE = 'secrets-manifests/webhook-hmac-secret.yaml';
const codes = (text: string, file = FILE): string[] => loadManifestText(file, text).findings.map((f) => f.ruleId);
const at = (text: string): string[] =>
  loadManifestText(FILE, text).findings.map((f) => `${f.ruleId}@${f.start.line}:${f.start.col}`);

describe('real manifests', () => {
  it('every manifest in secrets-manifests/ is valid', async () => {
    const r = await loadManifests(['secrets-manifests'], { cwd: repoRoot });
    expect(r.pathProblems).toEqual([]);
    expect(r.manifests.length).toBeGreaterThanOrEqual(6);
    for (const m of r.manifests) {
      expect(m.findings, m.file).toEqual([]);
      expect(m.manifest?.id).toBeDefined();
    }
  });
});

describe('schema findings carry the position of the offending node', () => {
  it('three mistakes give three findings at their lines', () => {
    const text = validText()
      .replace('classification: high', 'classification: top-secret')
      .replace('  length: 48', '  length: "48"')
      .replace('  cadence: P60D', '  cadence: P60D\n  cadance: P30D');
    const lines = text.split('\n');
    const line = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(at(text).sort()).toEqual(
      [
        `MANIFEST_INVALID_VALUE@${line('classification:')}:17`,
        `MANIFEST_WRONG_TYPE@${line('length:')}:11`,
        `MANIFEST_UNKNOWN_FIELD@${line('cadance')}:3`,
      ].sort(),
    );
  });

  it('points a missing field at its parent key', () => {
    const text = validText().replace('  charset: base64url\n', '');
    const f = loadManifestText(FILE, text).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      ruleId: 'MANIFEST_MISSING_FIELD',
      start: { line: text.split('\n').indexOf('rotation:') + 1, col: 1 },
    });
    expect(f[0]?.message).toContain('"charset"');
  });

  it('names a bad duration shape', () => {
    const f = loadManifestText(FILE, validText().replace('cadence: P60D', 'cadence: 60 days')).findings;
    expect(f.map((x) => x.message)).toEqual(['rotation.cadence: must be an ISO-8601 duration such as P30D or PT12H']);
  });

  it('reports an unknown kind once, at the kind', () => {
    const f = loadManifestText(FILE, validText().replace('kind: sops', 'kind: vault')).findings;
    expect(f.map((x) => x.ruleId)).toEqual(['MANIFEST_INVALID_KIND']);
  });

  it('folds anyOf into one "needs at least one of" finding', () => {
    const text = validText().replace('  maxAge: P75D\n', '');
    const f = loadManifestText(FILE, text).findings;
    expect(f.map((x) => [x.ruleId, x.message])).toEqual([
      ['MANIFEST_MISSING_FIELD', 'expiry: needs at least one of "maxAge", "notAfter"'],
    ]);
  });

  it('checks the id against the file name', () => {
    expect(codes(validText(), 'secrets-manifests/other-name.yaml')).toEqual(['MANIFEST_ID_MISMATCH']);
  });

  it('warns when the schema line is missing', () => {
    const f = loadManifestText(FILE, validText().split('\n').slice(1).join('\n')).findings;
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([['MANIFEST_SCHEMA_LINE', 'warning']]);
  });
});

describe('bad input: one clear, positioned finding with a stable code', () => {
  it.each([
    ['malformed YAML', 'id: [unclosed\n', 'MANIFEST_YAML_SYNTAX'],
    ['tab indentation', 'owner:\n\tteam: x\n', 'MANIFEST_TAB_INDENT'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'MANIFEST_MULTI_DOCUMENT'],
    ['an alias', 'a: &x 1\nb: *x\n', 'MANIFEST_ALIAS'],
    ['a top-level list', '[1, 2]\n', 'MANIFEST_NOT_A_MAPPING'],
    ['a JSON top-level array', '["id", "x"]', 'MANIFEST_NOT_A_MAPPING'],
    ['a scalar', 'just text\n', 'MANIFEST_NOT_A_MAPPING'],
    ['an empty file', '', 'MANIFEST_EMPTY'],
    ['only comments', '# nothing\n\n', 'MANIFEST_EMPTY'],
  ])('%s', (_name, text, code) => {
    const f = loadManifestText(FILE, text).findings;
    expect(f[0]?.ruleId).toBe(code);
    expect(f[0]?.start.line).toBeGreaterThanOrEqual(1);
  });

  it('duplicate keys are reported at the second key and validation continues', () => {
    const text = validText().replace('classification: high', 'classification: high\nclassification: critical');
    const f = loadManifestText(FILE, text).findings;
    const line = text.split('\n').lastIndexOf('classification: critical') + 1;
    expect(f.map((x) => `${x.ruleId}@${x.start.line}`)).toContain(`MANIFEST_DUPLICATE_KEY@${line}`);
  });

  it('an alias bomb is refused without expanding it', () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      rows.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const started = process.hrtime.bigint();
    const f = loadManifestText(FILE, rows.join('\n')).findings;
    expect(f.every((x) => x.ruleId === 'MANIFEST_ALIAS')).toBe(true);
    expect(f.length).toBeGreaterThan(10);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s and still validates', (key) => {
    const f = loadManifestText(FILE, `${validText()}${key}:\n  polluted: true\n`).findings;
    expect(f.map((x) => x.ruleId)).toEqual(
      expect.arrayContaining(['MANIFEST_FORBIDDEN_KEY', 'MANIFEST_UNKNOWN_FIELD']),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('wrong types and unknown fields are each reported', () => {
    const text = validText().replace('consumers:', 'consumers: 3\nconsumerz:');
    const c = codes(text);
    expect(c).toEqual(expect.arrayContaining(['MANIFEST_WRONG_TYPE', 'MANIFEST_UNKNOWN_FIELD']));
  });

  it('binary garbage and invalid UTF-8 are refused before parsing', () => {
    const nul = checkBytes(FILE, new Uint8Array([0x61, 0x3a, 0x0a, 0x00, 0x01]));
    expect(typeof nul !== 'string' && nul.ruleId).toBe('MANIFEST_NOT_TEXT');
    const bad = checkBytes(FILE, new Uint8Array([0xff, 0xfe, 0xfd]));
    expect(typeof bad !== 'string' && bad.ruleId).toBe('MANIFEST_NOT_TEXT');
  });
});

describe('loading files and folders', () => {
  it('checks every file, a bad one never hides the others, and a 50 MB file is refused unread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'webhook-hmac-secret.yaml'), validText());
    writeFileSync(join(dir, 'nested', 'broken.yaml'), 'a: [\n');
    writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    const r = await loadManifests(['.', 'does-not-exist'], { cwd: dir });
    expect(r.pathProblems).toEqual([{ path: 'does-not-exist', kind: 'missing' }]);
    const byFile = Object.fromEntries(r.manifests.map((m) => [m.file, m.findings.map((f) => f.ruleId)]));
    expect(byFile).toEqual({
      'huge.yaml': ['MANIFEST_TOO_LARGE'],
      'nested/broken.yaml': ['MANIFEST_YAML_SYNTAX'],
      'webhook-hmac-secret.yaml': [],
    });
  });

  it('reads the real folder by absolute path too', async () => {
    const r = await loadManifests([manifestsDir], { cwd: repoRoot });
    expect(r.manifests.map((m) => m.file)).toContain('secrets-manifests/google-places-api-key.yaml');
  });
});
