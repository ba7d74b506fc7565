import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/index.js';
import { finding } from './helpers.js';

const waiver = { reason: 'accepted', owner: '@ana', expires: '2027-01-31', file: 'w.yaml', line: 3 };

describe('report verdicts', () => {
  it.each([
    { name: 'no findings passes', findings: [], failOn: 'error' as const, verdict: 'pass', raw: 'pass' },
    { name: 'an error fails', findings: [finding()], failOn: 'error' as const, verdict: 'fail', raw: 'fail' },
    {
      name: 'a waived error passes, raw fails',
      findings: [{ ...finding(), waiver }],
      failOn: 'error' as const,
      verdict: 'pass',
      raw: 'fail',
    },
    {
      name: 'a warning passes on error',
      findings: [finding({ severity: 'warning' })],
      failOn: 'error' as const,
      verdict: 'pass',
      raw: 'pass',
    },
    {
      name: 'a warning fails on warning',
      findings: [finding({ severity: 'warning' })],
      failOn: 'warning' as const,
      verdict: 'fail',
      raw: 'fail',
    },
    {
      name: 'a note never fails',
      findings: [finding({ severity: 'note' })],
      failOn: 'warning' as const,
      verdict: 'pass',
      raw: 'pass',
    },
  ])('$name', ({ findings, failOn, verdict, raw }) => {
    const r = buildReport({ files: 1, valid: 1, findings, failOn });
    expect([r.summary.verdict, r.summary.rawVerdict]).toEqual([verdict, raw]);
  });

  it('sorts by file, position, rule and message, and counts raw and waived', () => {
    const r = buildReport({
      files: 2,
      valid: 2,
      failOn: 'error',
      findings: [
        finding({ file: 'b.yaml' }),
        finding({ message: 'b' }),
        finding({ message: 'a' }),
        { ...finding({ start: { line: 1, col: 1 } }), waiver },
      ],
    });
    expect(r.findings.map((f) => `${f.file}:${f.start.line}:${f.message}`)).toEqual([
      'a.yaml:1:something is wrong',
      'a.yaml:2:a',
      'a.yaml:2:b',
      'b.yaml:2:something is wrong',
    ]);
    expect(r.summary).toMatchObject({ errors: 3, waived: 1, raw: { errors: 4, warnings: 0, notes: 0 }, mode: 'full' });
  });
});
