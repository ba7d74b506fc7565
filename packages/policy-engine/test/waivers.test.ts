import { describe, expect, it } from 'vitest';
import { applyWaivers, loadWaivers, unusedWaivers, waiverEnd } from '../src/index.js';
import { finding } from './helpers.js';

const now = new Date('2026-11-29T12:00:00Z');
const opts = { ruleIds: new Set(['XX001', 'XX002']), now };
const doc = (items: string): string => `apiVersion: docugen.io/waivers/v1\nwaivers:\n${items}`;
const item = (over: Record<string, string> = {}): string => {
  const fields = {
    rule: 'XX001',
    secret: 'api-*',
    reason: 'Vendor has no API; reviewed quarterly.',
    owner: '"@ana"',
    expires: '"2027-01-31"',
    ...over,
  };
  return `  - ${Object.entries(fields)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n    ')}\n`;
};

describe('waivers', () => {
  it('loads valid waivers with their line', () => {
    const { waivers, findings } = loadWaivers(
      'waivers.yaml',
      doc(item() + item({ rule: 'XX002', secret: 'db-password' })),
      opts,
    );
    expect(findings).toEqual([]);
    expect(waivers.map((w) => [w.rule, w.secret, w.line])).toEqual([
      ['XX001', 'api-*', 3],
      ['XX002', 'db-password', 8],
    ]);
  });

  it.each([
    ['no reason', item({ reason: '' }), 'WAIVER_MISSING_REASON', 3, 5],
    ['an empty reason', item({ reason: '""' }), 'WAIVER_MISSING_REASON', 5, 13],
    ['a past expiry', item({ expires: '"2026-11-28"' }), 'WAIVER_EXPIRED', 7, 14],
    ['an impossible date', item({ expires: '"2027-02-30"' }), 'WAIVER_INVALID', 7, 14],
    ['a bad date shape', item({ expires: '2027' }), 'WAIVER_INVALID', 7, 14],
    ['an unknown rule', item({ rule: 'XX404' }), 'WAIVER_UNKNOWN_RULE', 3, 11],
    ['a bad owner', item({ owner: 'ana' }), 'WAIVER_INVALID', 6, 12],
  ])('%s is a positioned error and the waiver is not applied', (_name, text, code, line, col) => {
    // The first (valid) waiver takes lines 3-7; the one under test starts on line 8 (line 3 + 5 below).
    const { waivers, findings } = loadWaivers('waivers.yaml', doc(item({ secret: 'other' }) + text), opts);
    expect(findings.map((f) => [f.ruleId, f.start.line - 5, f.start.col])).toEqual([[code, line, col]]);
    expect(waivers.map((w) => w.secret)).toEqual(['other']);
  });

  it('expires at the end of its last day (UTC)', () => {
    expect(waiverEnd('2026-11-29')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(loadWaivers('w.yaml', doc(item({ expires: '"2026-11-29"' })), opts).findings).toEqual([]);
    expect(
      loadWaivers('w.yaml', doc(item({ expires: '"2026-11-29"' })), { ...opts, now: new Date('2026-11-30T00:00:00Z') })
        .findings[0]?.ruleId,
    ).toBe('WAIVER_EXPIRED');
  });

  it('applies to rule findings of matching secrets only, and reports unused ones', () => {
    const { waivers } = loadWaivers('waivers.yaml', doc(item() + item({ rule: 'XX002', secret: 'nothing' })), opts);
    const raw = [
      finding({ ruleId: 'XX001', secretId: 'api-key' }),
      finding({ ruleId: 'XX001', secretId: 'db-key' }),
      finding({ ruleId: 'XX002', secretId: 'api-key' }),
      finding({ ruleId: 'MANIFEST_X', secretId: 'api-key' }),
      finding({ ruleId: 'XX001' }),
    ];
    const { findings, used } = applyWaivers(raw, waivers, (f) => f.ruleId.startsWith('XX'));
    expect(findings.map((f) => f.waiver?.owner ?? '-')).toEqual(['@ana', '-', '-', '-', '-']);
    expect(findings[0]?.waiver).toEqual({
      reason: 'Vendor has no API; reviewed quarterly.',
      owner: '@ana',
      expires: '2027-01-31',
      file: 'waivers.yaml',
      line: 3,
    });
    expect(unusedWaivers(waivers, used).map((f) => [f.ruleId, f.severity, f.start.line])).toEqual([
      ['WAIVER_UNUSED', 'warning', 8],
    ]);
  });
});
