import type { Finding, Severity } from '@docugen-secrets/core';
import { locate, type YamlSource } from '@docugen-secrets/manifest';
import type { PolicyErrorCode } from './codes.js';
import type { RuleMeta } from './rule.js';
import { validateConfig } from './generated/validators.generated.js';
import { loadYamlFile, schemaErrorFindings, type SchemaCheck } from './yaml-file.js';

export type FailOn = 'error' | 'warning';

/** A rule as configured: on or off, at which severity, with validated options (defaults filled in). */
export interface RuleSetting {
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly options: unknown;
}

export interface PolicyConfig {
  readonly failOn: FailOn;
  /** Base the rules' `docs` paths are resolved against, ending in `/`. */
  readonly docsBaseUri: string;
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

export const DEFAULT_DOCS_BASE = 'https://github.com/docugen/docugen-secrets/blob/main/';

interface RawRule {
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}
export interface RawConfig {
  failOn?: FailOn;
  docsBaseUri?: string;
  rules: Record<string, RawRule>;
}

const configCheck = validateConfig as SchemaCheck;

/**
 * Loads the policy config: parse with positions, check the file's schema,
 * then each rule's options against that rule's own schema. Every problem is a
 * positioned finding; a rule whose options are invalid is switched off (and
 * the error fails the check), never run with guessed options.
 */
export async function loadPolicyConfig(
  file: string,
  text: string,
  rules: readonly RuleMeta[],
): Promise<{ config: PolicyConfig; findings: Finding[] }> {
  const loaded = loadYamlFile(
    file,
    text,
    configCheck,
    () => 'POLICY_CONFIG_INVALID' satisfies PolicyErrorCode,
    'POLICY_CONFIG_INVALID',
  );
  if (loaded.findings.length > 0 || !loaded.source)
    return { config: (await resolveRules(rules, { rules: {} }, undefined)).config, findings: [...loaded.findings] };
  const raw = loaded.data as RawConfig;
  const resolved = await resolveRules(rules, raw, loaded.source);
  return { config: resolved.config, findings: [...unknownRules(rules, raw, loaded.source), ...resolved.findings] };
}

function unknownRules(rules: readonly RuleMeta[], raw: RawConfig, source: YamlSource): Finding[] {
  const known = new Set(rules.map((r) => r.id));
  return Object.keys(raw.rules)
    .filter((id) => !known.has(id))
    .map((id) => {
      const r = locate(source, ['rules', id], 'key');
      const code: PolicyErrorCode = 'POLICY_CONFIG_UNKNOWN_RULE';
      return {
        ruleId: code,
        severity: 'error',
        message: `rules.${id}: no rule has this id (known: ${[...known].join(', ')})`,
        file: source.file,
        start: r.start,
        end: r.end,
        path: `/rules/${id}`,
      };
    });
}

/** Settings for every rule from a raw config (also used with `{ rules: {} }` when no config file exists). */
export async function resolveRules(
  rules: readonly RuleMeta[],
  raw: RawConfig,
  source: YamlSource | undefined,
): Promise<{ config: PolicyConfig; findings: Finding[] }> {
  const settings = new Map<string, RuleSetting>();
  const findings: Finding[] = [];
  for (const rule of rules) {
    const entry = raw.rules[rule.id] ?? {};
    const options: Record<string, unknown> = structuredClone(entry.options ?? {});
    const check = rule.validateOptions ?? (await compileLazily(rule));
    const ok = check(options);
    if (!ok) findings.push(...optionFindings(rule, check, source, entry.options !== undefined));
    const severity = entry.severity ?? rule.severity;
    settings.set(rule.id, {
      enabled: ok && severity !== 'off',
      severity: severity === 'off' ? rule.severity : severity,
      options,
    });
  }
  const config: PolicyConfig = {
    failOn: raw.failOn ?? 'error',
    docsBaseUri: raw.docsBaseUri ?? DEFAULT_DOCS_BASE,
    rules: settings,
  };
  return { config, findings };
}

/** Compiles a rule's options schema with ajv, loaded only when some rule ships no precompiled validator. */
async function compileLazily(rule: RuleMeta): Promise<SchemaCheck> {
  const { compileSchema, createAjv } = await import('./ajv.js');
  return compileSchema(createAjv(), rule.optionsSchema);
}

function optionFindings(
  rule: RuleMeta,
  check: SchemaCheck,
  source: YamlSource | undefined,
  present: boolean,
): Finding[] {
  const code: PolicyErrorCode = 'POLICY_OPTIONS_INVALID';
  const errors = check.errors ?? [];
  const prefix = `/rules/${rule.id}/options`;
  if (source && present) {
    return schemaErrorFindings(source, errors, () => code, prefix).map((f) => ({
      ...f,
      message: `rules.${rule.id}.options: ${f.message.replace(/^file: /, '')}`,
    }));
  }
  const where = source
    ? locate(source, source.doc.has('rules') ? ['rules'] : [], 'key')
    : { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };
  const missing = errors.map((e) => e.message ?? 'invalid').join('; ');
  const message = `rule ${rule.id} needs options in the policy config (rules.${rule.id}.options): ${missing}; the rule is off until they are set`;
  return [
    {
      ruleId: code,
      severity: 'error',
      message,
      file: source?.file ?? 'policies/config.yaml',
      start: where.start,
      end: where.end,
      path: prefix,
    },
  ];
}
