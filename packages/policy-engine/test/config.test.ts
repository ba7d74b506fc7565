import { describe, expect, it } from 'vitest';
import { loadPolicyConfig } from '../src/index.js';
import { testRules } from './rules.js';

const rules = [...testRules];
const at = (f: { ruleId: string; start: { line: number; col: number } }): string =>
  `${f.ruleId}@${f.start.line}:${f.start.col}`;

describe('policy config', () => {
  it('resolves severities and options (defaults filled in)', async () => {
    const { config, findings } = await loadPolicyConfig(
      'config.yaml',
      'apiVersion: docugen.io/policies/v1\nfailOn: warning\nrules:\n  XX001:\n    options: { max: 64 }\n  XX002:\n    severity: note\n  XX003:\n    severity: "off"\n',
      rules,
    );
    expect(findings).toEqual([]);
    expect(config.failOn).toBe('warning');
    expect(config.rules.get('XX001')).toEqual({ enabled: true, severity: 'error', options: { max: 64 } });
    expect(config.rules.get('XX002')).toEqual({ enabled: true, severity: 'note', options: { note: 'none' } });
    expect(config.rules.get('XX003')?.enabled).toBe(false);
  });

  it.each([
    [
      'a bad severity',
      'rules:\n  XX001:\n    severity: fatal\n    options: { max: 1 }\n',
      ['POLICY_CONFIG_INVALID@4:15'],
    ],
    ['an unknown field', 'rules: {}\nfail_on: error\n', ['POLICY_CONFIG_INVALID@3:1']],
    [
      'an unknown rule id',
      'rules:\n  XX001: { options: { max: 1 } }\n  XX999: {}\n',
      ['POLICY_CONFIG_UNKNOWN_RULE@4:3'],
    ],
    ['options of the wrong type', 'rules:\n  XX001:\n    options: { max: "many" }\n', ['POLICY_OPTIONS_INVALID@4:21']],
    ['an unknown option', 'rules:\n  XX001:\n    options: { max: 3, min: 1 }\n', ['POLICY_OPTIONS_INVALID@4:24']],
    ['required options missing', 'rules:\n  XX002: {}\n', ['POLICY_OPTIONS_INVALID@2:1']],
    ['broken YAML', 'rules: [\n', ['POLICY_CONFIG_INVALID@3:1']],
  ])('%s is a positioned error', async (_name, body, want) => {
    const { findings } = await loadPolicyConfig('config.yaml', `apiVersion: docugen.io/policies/v1\n${body}`, rules);
    expect(findings.map(at)).toEqual(want);
    for (const f of findings) expect(f.file).toBe('config.yaml');
  });

  it('switches a rule with invalid options off instead of guessing', async () => {
    const { config, findings } = await loadPolicyConfig(
      'config.yaml',
      'apiVersion: docugen.io/policies/v1\nrules:\n  XX002: {}\n',
      rules,
    );
    expect(config.rules.get('XX001')?.enabled).toBe(false);
    expect(findings[0]?.message).toMatch(/^rule XX001 needs options in the policy config \(rules\.XX001\.options\)/);
  });
});
