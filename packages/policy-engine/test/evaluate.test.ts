import { describe, expect, it } from 'vitest';
import { checkSet, evaluateRules, factsOf, resolveRules, type Rule } from '../src/index.js';
import { loaded } from './helpers.js';
import { broken, maxLength, noSops, sameTeam } from './rules.js';

const rules = [maxLength, noSops, sameTeam] as unknown as Rule<unknown>[];
const sops = { backend: 'backend:\n  kind: sops\n  path: secrets/production/b.sops.yaml' };

async function config(
  raw: Record<string, { severity?: 'error' | 'warning' | 'note' | 'off'; options?: Record<string, unknown> }> = {},
) {
  return (await resolveRules(rules, { rules: { XX001: { options: { max: 16 } }, ...raw } }, undefined)).config;
}

describe('evaluating rules', () => {
  it('runs manifest rules on each checked manifest and points at the node', async () => {
    const a = loaded('aaa');
    const b = loaded('bbb', sops);
    const findings = evaluateRules({
      rules,
      config: await config(),
      manifests: [a, b],
      facts: [a, b].map(factsOf),
      env: undefined,
    });
    expect(
      findings.map((f) => `${f.ruleId} ${f.file}:${f.start.line}:${f.start.col} ${f.path ?? ''} ${f.secretId ?? ''}`),
    ).toEqual(
      [
        'XX001 aaa.yaml:24:11 /rotation/length aaa',
        'XX001 bbb.yaml:23:11 /rotation/length bbb',
        'XX002 bbb.yaml:18:9 /backend/kind bbb',
        'TEAMS TEAMS:3:1  ',
      ].map((s) => s.replace('TEAMS TEAMS', 'XX003 TEAMS')),
    );
  });

  it('reports set-rule violations only on checked manifests (and on non-manifest files)', async () => {
    const a = loaded('aaa');
    const other = loaded('ccc', { owner: 'owner:\n  team: other\n  handles: ["@ana"]' });
    const facts = [a, other].map(factsOf);
    const all = evaluateRules({
      rules: [sameTeam],
      config: await config(),
      manifests: [a, other],
      facts,
      env: undefined,
    });
    expect(all.map((f) => f.file)).toEqual(['ccc.yaml', 'TEAMS']);
    const onlyA = evaluateRules({ rules: [sameTeam], config: await config(), manifests: [a], facts, env: undefined });
    expect(onlyA.map((f) => f.file)).toEqual(['TEAMS']);
  });

  it('skips schema-invalid manifests and honours severity overrides and off', async () => {
    const bad = loaded('bad', { classification: 'classification: secret' });
    const b = loaded('bbb', sops);
    const findings = evaluateRules({
      rules,
      config: await config({ XX001: { severity: 'off', options: { max: 16 } }, XX002: { severity: 'note' } }),
      manifests: [bad, b],
      facts: [bad, b].map(factsOf),
      env: undefined,
    });
    expect(findings.filter((f) => f.file !== 'TEAMS').map((f) => [f.ruleId, f.file, f.severity])).toEqual([
      ['XX002', 'bbb.yaml', 'note'],
    ]);
  });

  it('turns a throwing rule into a finding instead of crashing the check', async () => {
    const a = loaded('aaa');
    const r = [broken] as unknown as Rule<unknown>[];
    const findings = evaluateRules({
      rules: r,
      config: (await resolveRules(r, { rules: {} }, undefined)).config,
      manifests: [a],
      facts: [factsOf(a)],
      env: undefined,
    });
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([['POLICY_RULE_FAILED', 'aaa.yaml']]);
    expect(findings[0]?.message).toContain('rule XX004 failed (Error: boom)');
  });

  it('checkSet combines schema, rule and policy-file findings with raw and waived verdicts', async () => {
    const a = loaded('aaa');
    const bad = loaded('bad', { classification: 'classification: secret' });
    const waiver = {
      rule: 'XX001',
      secret: 'aaa',
      reason: 'accepted for the test',
      owner: '@ana',
      expires: '2027-01-01',
      file: 'w.yaml',
      line: 3,
      col: 5,
    };
    const report = checkSet({
      rules: [maxLength],
      config: await config(),
      waivers: [waiver],
      checked: [a, bad],
      facts: [a, bad].map(factsOf),
      env: undefined,
      mode: 'full',
    });
    expect(report.findings.map((f) => [f.ruleId, f.file, f.waiver ? 'waived' : 'open'])).toEqual([
      ['XX001', 'aaa.yaml', 'waived'],
      ['MANIFEST_INVALID_VALUE', 'bad.yaml', 'open'],
    ]);
    expect(report.summary).toMatchObject({
      files: 2,
      valid: 1,
      errors: 1,
      waived: 1,
      raw: { errors: 2 },
      verdict: 'fail',
      rawVerdict: 'fail',
    });
  });
});
