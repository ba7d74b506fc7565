import { isMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadManifestText, locate, parseYamlSource } from '../src/index.js';
import { validText } from './helpers.js';

const FILE = 'secrets-manifests/webhook-hmac-secret.yaml';

/** The valid manifest with `n` unknown top-level keys appended. */
function withUnknownKeys(n: number): string {
  return `${validText()}${Array.from({ length: n }, (_, i) => `zz${i}: 1`).join('\n')}\n`;
}

/** Counts reads of the top-level mapping's items (what a scan per finding would multiply). */
function countItemReads(text: string): { reads: () => number; source: ReturnType<typeof parseYamlSource>['source'] } {
  const { source } = parseYamlSource(FILE, text);
  const map = source.doc.contents;
  if (!isMap(map)) throw new Error('not a map');
  let reads = 0;
  map.items = new Proxy(map.items, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { reads: () => reads, source };
}

describe('issue 13 item 7: locating findings is linear in the number of keys', () => {
  it('locating one finding per key reads each key a bounded number of times', () => {
    const n = 3000;
    const { reads, source } = countItemReads(withUnknownKeys(n));
    for (let i = 0; i < n; i++) locate(source, [`zz${i}`], 'key');
    // One index build (each item once) plus lookups: linear. A scan per finding would read ~n²/2 = 4.5 million.
    expect(reads()).toBeLessThan(10 * (n + 40));
  });

  it('27,135 unknown keys: capped findings with a count of the rest', () => {
    const r = loadManifestText(FILE, withUnknownKeys(27_135));
    const unknown = r.findings.filter((f) => f.ruleId === 'MANIFEST_UNKNOWN_FIELD');
    expect(unknown).toHaveLength(100);
    const rest = r.findings.find((f) => f.ruleId === 'MANIFEST_TOO_MANY_FINDINGS');
    expect(rest?.message).toMatch(/^27035 more schema problem/);
    expect(unknown[0]?.start.line).toBe(validText().split('\n').length);
  });
});

describe('issue 13 item 9: every date the schema accepts is one the planner understands', () => {
  const withNotAfter = (v: string): string =>
    validText().replace('  maxAge: P75D', `  maxAge: P75D\n  notAfter: "${v}"`);

  it('a leap second is rejected with its position', () => {
    const text = withNotAfter('2026-06-30T23:59:60Z');
    const r = loadManifestText(FILE, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('  notAfter:')) + 1;
    expect(r.manifest).toBeUndefined();
    expect(r.findings.map((f) => `${f.ruleId}@${f.start.line}:${f.start.col}`)).toEqual([
      `MANIFEST_INVALID_VALUE@${line}:13`,
    ]);
    expect(r.findings[0]?.message).toMatch(/leap second/);
  });

  it.each(['2026-06-30T23:59:59Z', '2027-01-31T00:00:00+02:00', '2028-02-29T12:30:00.5-05:30'])(
    'every accepted form parses to a time: %s',
    (v) => {
      const r = loadManifestText(FILE, withNotAfter(v));
      expect(r.findings).toEqual([]);
      expect(Number.isNaN(Date.parse(r.manifest?.expiry.notAfter ?? ''))).toBe(false);
    },
  );
});

describe('issue 13 item 12: deep nesting is a finding with a position, not a stack overflow', () => {
  it.each([
    ['flow sequences', `${validText()}deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['flow mappings', `${validText()}deep: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`],
  ])('%s 5,000 deep', (_name, text) => {
    const r = loadManifestText(FILE, text);
    const line = validText().split('\n').length;
    expect(r.findings.map((f) => f.ruleId)).toEqual(['MANIFEST_TOO_DEEP']);
    expect(r.findings[0]?.start.line).toBe(line);
    expect(r.findings[0]?.message).toMatch(/nesting deeper than 100 levels/);
  });

  it('brackets inside quoted strings and comments do not count', () => {
    const text = `${validText()}# ${'['.repeat(200)}\nlabels2: "${'['.repeat(200)}"\n`;
    expect(loadManifestText(FILE, text).findings.map((f) => f.ruleId)).not.toContain('MANIFEST_TOO_DEEP');
  });
});
