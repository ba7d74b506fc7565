import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAllowlist, loadAllowlist, type LeakFinding } from '../src/index.js';

const NOW = new Date('2026-03-15T10:00:00Z');

function finding(over: Partial<LeakFinding> = {}): LeakFinding {
  return {
    ruleId: 'LEAK-jwt',
    severity: 'warning',
    message: 'm',
    file: 'docs/a.md',
    start: { line: 1, col: 1 },
    end: { line: 1, col: 2 },
    redacted: 'ey…(40 chars)',
    fingerprint: 'abcdef012345',
    ...over,
  };
}

describe('loadAllowlist', () => {
  it('reads every kind of entry', () => {
    const text = [
      'entries:',
      '  - path: "**/fixtures/**"',
      '    reason: test keys',
      '  - rule: LEAK-jwt',
      '    path: docs/**',
      '    reason: sample tokens in docs',
      '    expires: 2026-03-15',
      '  - fingerprint: abcdef012345',
      '    reason: rotated long ago',
    ].join('\n');
    const r = loadAllowlist(text, 'allow.yaml', { now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      { path: '**/fixtures/**', reason: 'test keys', source: { file: 'allow.yaml', line: 2, col: 5 } },
      {
        path: 'docs/**',
        rule: 'LEAK-jwt',
        reason: 'sample tokens in docs',
        expires: '2026-03-15',
        source: { file: 'allow.yaml', line: 4, col: 5 },
      },
      { fingerprint: 'abcdef012345', reason: 'rotated long ago', source: { file: 'allow.yaml', line: 8, col: 5 } },
    ]);
  });

  it('an entry without a reason is an error at the entry, and is dropped', () => {
    const r = loadAllowlist('entries:\n  - path: a/**\n    reason: ok\n  - path: "b/**"\n', 'p.yaml');
    expect(r.problems).toEqual([
      {
        code: 'LEAK_ALLOWLIST_MISSING_REASON',
        file: 'p.yaml',
        line: 4,
        col: 5,
        message: expect.stringMatching(/^p\.yaml:4:5: entry has no "reason"/) as string,
      },
    ]);
    expect(r.entries.map((e) => e.path)).toEqual(['a/**']);
  });

  it('an empty reason counts as missing, at the value', () => {
    const r = loadAllowlist('entries:\n  - path: a/**\n    reason: "  "\n', 'p.yaml');
    expect(r.problems.map((p) => [p.code, p.line, p.col])).toEqual([['LEAK_ALLOWLIST_MISSING_REASON', 3, 13]]);
  });

  it('an expired entry is an error at its date, and no longer applies', () => {
    const r = loadAllowlist('entries:\n  - rule: LEAK-jwt\n    reason: demo\n    expires: 2026-03-14\n', 'p.yaml', {
      now: NOW,
    });
    expect(r.problems.map((p) => [p.code, p.line, p.col])).toEqual([['LEAK_ALLOWLIST_EXPIRED', 4, 14]]);
    expect(r.entries).toEqual([]);
  });

  it('without a clock, expiry is not judged', () => {
    expect(
      loadAllowlist('entries:\n  - rule: LEAK-jwt\n    reason: demo\n    expires: 2020-01-01\n', 'p.yaml').problems,
    ).toEqual([]);
  });

  it('collects every problem with its position', () => {
    const text = [
      'entries:',
      '  - reason: nothing to match', // 2: no matcher
      '  - rule: LEAK-nope', // 3: unknown rule, 3: missing reason
      '  - fingerprint: XYZ', // 4: bad fingerprint, missing reason
      '    reason: r',
      '  - path: a',
      '    reason: r',
      '    expires: 2026-02-30', // 8: not a date
      '    owner: me', // 9: unknown key
      '  - just a string', // 10: shape
      'extra: 1', // 11: unknown top key
    ].join('\n');
    const got = loadAllowlist(text, 'p.yaml', { now: NOW }).problems.map((p) => `${p.line}:${p.col} ${p.code}`);
    expect(got.sort()).toEqual(
      [
        '2:5 LEAK_ALLOWLIST_NO_MATCHER',
        '3:11 LEAK_ALLOWLIST_UNKNOWN_RULE',
        '3:5 LEAK_ALLOWLIST_MISSING_REASON',
        '4:18 LEAK_ALLOWLIST_BAD_VALUE',
        '8:14 LEAK_ALLOWLIST_BAD_VALUE',
        '9:5 LEAK_ALLOWLIST_UNKNOWN_KEY',
        '10:5 LEAK_ALLOWLIST_SHAPE',
        '11:1 LEAK_ALLOWLIST_UNKNOWN_KEY',
      ].sort(),
    );
  });

  it('reports YAML syntax errors with a position', () => {
    const r = loadAllowlist('entries:\n  - path: [a\n', 'p.yaml');
    expect(r.problems[0]).toMatchObject({ code: 'LEAK_ALLOWLIST_SYNTAX', file: 'p.yaml' });
    expect(r.problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('an empty file allows nothing and is fine', () => {
    expect(loadAllowlist('', 'p.yaml')).toEqual({ entries: [], problems: [] });
    expect(loadAllowlist('entries:\n', 'p.yaml')).toEqual({ entries: [], problems: [] });
  });

  it("the repository's policies/leak-allowlist.yaml is valid and every entry has a reason", () => {
    const path = new URL('../../../policies/leak-allowlist.yaml', import.meta.url);
    const r = loadAllowlist(readFileSync(path, 'utf8'), 'policies/leak-allowlist.yaml', { now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => e.path)).toEqual(
      expect.arrayContaining(['packages/**/test/fixtures/**', '**/fixtures/**']),
    );
    for (const e of r.entries) expect(e.reason.length).toBeGreaterThan(30);
  });
});

describe('compileAllowlist', () => {
  const { entries } = loadAllowlist(
    [
      'entries:',
      '  - path: "**/fixtures/**"',
      '    reason: r',
      '  - rule: LEAK-jwt',
      '    path: docs/**',
      '    reason: r',
      '  - fingerprint: abcdef012345',
      '    reason: r',
    ].join('\n'),
    'p.yaml',
  );
  const m = compileAllowlist(entries);

  it('path-only entries skip whole files (dotfiles included)', () => {
    expect(m.skipsFile('packages/x/test/fixtures/.env')?.path).toBe('**/fixtures/**');
    expect(m.skipsFile('docs/a.md')).toBeUndefined();
  });

  it('every matcher of an entry must fit', () => {
    expect(m.allows(finding())?.rule).toBe('LEAK-jwt');
    expect(m.allows(finding({ file: 'src/a.ts', fingerprint: '000000000000' }))).toBeUndefined();
    expect(m.allows(finding({ ruleId: 'LEAK-private-key', fingerprint: '000000000000' }))).toBeUndefined();
    expect(m.allows(finding({ ruleId: 'LEAK-private-key', file: 'src/a.ts' }))?.fingerprint).toBe('abcdef012345');
  });
});
