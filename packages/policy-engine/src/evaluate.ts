import { describeError, type Finding } from '@docugen-secrets/core';
import {
  locate,
  parseYamlSource,
  type LoadedManifest,
  type Range,
  type SecretManifest,
  type YamlSource,
} from '@docugen-secrets/manifest';
import type { PolicyErrorCode } from './codes.js';
import type { PolicyConfig, RuleSetting } from './config.js';
import { factsOf, type ManifestFacts } from './facts.js';
import type { ManifestRule, Rule, SetRule, SetViolation, Violation } from './rule.js';

/**
 * One manifest after its own checks: schema and per-manifest rule findings,
 * its facts, and a way to point at its nodes later (for cross-manifest
 * findings). It keeps the text, not the YAML document, so checking 10,000
 * files does not keep 10,000 documents alive.
 */
export interface CheckedManifest {
  readonly file: string;
  readonly valid: boolean;
  readonly secretId?: string;
  readonly findings: readonly Finding[];
  readonly facts: ManifestFacts;
  /** Range of a node of this (schema-valid) manifest; re-parses the text on first use. */
  readonly locate: (at: readonly string[], target: 'key' | 'value') => Range;
}

interface RuleRun<E> {
  readonly rules: readonly Rule<E>[];
  readonly config: PolicyConfig;
  readonly env: E;
}

function failure(rule: { id: string }, file: string, err: unknown): Finding {
  const code: PolicyErrorCode = 'POLICY_RULE_FAILED';
  return {
    ruleId: code,
    severity: 'error',
    message: `rule ${rule.id} failed (${describeError(err)}): this is a bug in the rule`,
    file,
    start: { line: 1, col: 1 },
    end: { line: 1, col: 1 },
  };
}

function toFinding(
  rule: { id: string },
  setting: RuleSetting,
  file: string,
  secretId: string | undefined,
  range: Range,
  v: Violation,
): Finding {
  return {
    ruleId: rule.id,
    severity: setting.severity,
    message: v.message,
    file,
    start: range.start,
    end: range.end,
    path: `/${v.at.join('/')}`,
    ...(secretId === undefined ? {} : { secretId }),
  };
}

/**
 * `loaded.source` is read only for a violation: a valid manifest's document is
 * built again on demand (see LoadedManifest), and a clean one is never re-parsed.
 */
function runManifestRule<E>(
  rule: ManifestRule<never, E>,
  setting: RuleSetting,
  loaded: LoadedManifest,
  manifest: SecretManifest,
  env: E,
): Finding[] {
  try {
    const violations = rule.check(manifest, { options: setting.options as never, env });
    const source = violations.length > 0 ? loaded.source : undefined;
    const at = (v: Violation): Range => (source ? locate(source, v.at, v.target ?? 'value') : FILE_START);
    return violations.map((v) => toFinding(rule, setting, loaded.file, manifest.id, at(v), v));
  } catch (err) {
    return [failure(rule, loaded.file, err)];
  }
}

const FILE_START: Range = { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };

/** Captures only the file name and text (never the document) so the document can be collected. */
function lazyLocator(file: string, text: string | undefined): CheckedManifest['locate'] {
  let source: YamlSource | undefined;
  return (at, target) => {
    if (text === undefined) return FILE_START;
    source ??= parseYamlSource(file, text).source;
    return locate(source, at, target);
  };
}

/** Schema findings plus every enabled per-manifest rule on one loaded manifest (rules only when schema-valid). */
export function checkManifest<E>(run: RuleRun<E>, loaded: LoadedManifest): CheckedManifest {
  const findings: Finding[] = [...loaded.findings];
  const { manifest } = loaded;
  if (manifest) {
    for (const rule of run.rules) {
      const setting = run.config.rules.get(rule.id);
      if (rule.kind === 'manifest' && setting?.enabled)
        findings.push(...runManifestRule(rule, setting, loaded, manifest, run.env));
    }
  }
  return {
    file: loaded.file,
    valid: manifest !== undefined,
    ...(manifest ? { secretId: manifest.id } : {}),
    findings,
    facts: factsOf(loaded),
    locate: lazyLocator(loaded.file, loaded.text),
  };
}

function runSetRule<E>(
  rule: SetRule<never, E>,
  setting: RuleSetting,
  run: RuleRun<E>,
  facts: readonly ManifestFacts[],
  checked: ReadonlyMap<string, CheckedManifest>,
): Finding[] {
  let violations: readonly SetViolation[];
  try {
    violations = rule.check(facts, { options: setting.options as never, env: run.env });
  } catch (err) {
    return [failure(rule, facts[0]?.file ?? '.', err)];
  }
  // Built only when a violation needs it: most runs have none, and it costs a set of every file.
  let manifestFiles: Set<string> | undefined;
  const out: Finding[] = [];
  for (const v of violations) {
    const c = checked.get(v.file);
    if (c?.valid) out.push(toFinding(rule, setting, v.file, c.secretId, c.locate(v.at, v.target ?? 'value'), v));
    else if (v.range && !(manifestFiles ??= new Set(facts.map((f) => f.file))).has(v.file))
      out.push({
        ruleId: rule.id,
        severity: setting.severity,
        message: v.message,
        file: v.file,
        start: v.range.start,
        end: v.range.end,
      });
    // A violation on a manifest not checked in full (unchanged, or schema-invalid) is not reported.
  }
  return out;
}

/**
 * Runs the enabled cross-manifest rules once over the facts of every manifest
 * and keeps the violations on fully checked, schema-valid manifests (and on
 * files that are not manifests, such as CODEOWNERS).
 */
export function evaluateSetRules<E>(
  run: RuleRun<E>,
  facts: readonly ManifestFacts[],
  checked: readonly CheckedManifest[],
): Finding[] {
  const byFile = new Map(checked.map((c) => [c.file, c]));
  const out: Finding[] = [];
  for (const rule of run.rules) {
    const setting = run.config.rules.get(rule.id);
    if (rule.kind === 'set' && setting?.enabled) out.push(...runSetRule(rule, setting, run, facts, byFile));
  }
  return out;
}

export interface EvaluateInput<E> extends RuleRun<E> {
  /** Manifests checked in full; rule findings are reported for these (the valid ones). */
  readonly manifests: readonly LoadedManifest[];
  /** Facts of every manifest in the set, checked or not; cross-manifest rules see all of them. */
  readonly facts: readonly ManifestFacts[];
}

/** Every rule finding for already loaded manifests (schema findings excluded). Pure; not sorted or waived. */
export function evaluateRules<E>(input: EvaluateInput<E>): Finding[] {
  const checked = input.manifests.map((m) => checkManifest(input, m));
  // checkManifest lists the loader's findings first; the rest are the rules'.
  const ruleFindings = checked.flatMap((c, i) => c.findings.slice(input.manifests[i]?.findings.length ?? 0));
  return [...ruleFindings, ...evaluateSetRules(input, input.facts, checked)];
}
