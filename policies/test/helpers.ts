import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateManifestData, type SecretManifest } from '@docugen-secrets/manifest';
import {
  loadPolicyConfig,
  type ManifestFacts,
  type ManifestRule,
  type SetRule,
  type SetViolation,
  type Violation,
} from '@docugen-secrets/policy-engine';
import { buildRegistry, docugenRules, type DocugenEnv, type TeamRegistryData } from '../src/index.js';

import { repoRoot } from '@docugen-secrets/test-support';

export { repoRoot };

/** A real manifest from secrets-manifests/, as plain data to edit. */
export function realData(id: string): Record<string, unknown> {
  return parse(readFileSync(`${repoRoot}/secrets-manifests/${id}.yaml`, 'utf8')) as Record<string, unknown>;
}

/** Marks a field to remove in an edit. */
export const DEL = Symbol('delete');

/** Sets (or with DEL removes) the value at a dotted path, e.g. `rotation.cadence` or `consumers.3`. */
function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node = data;
  for (const k of keys) node = node[k] as Record<string, unknown>;
  if (value === DEL) Reflect.deleteProperty(node, last);
  else node[last] = value;
}

/**
 * A real manifest with some fields set or removed (`{ 'rotation.cadence': 'P31D' }`),
 * checked against the schema first: a rule case must never pass because its
 * fixture is not a valid manifest at all.
 */
export function manifest(id: string, edit: Readonly<Record<string, unknown>> = {}): SecretManifest {
  const data = structuredClone(realData(id));
  for (const [path, value] of Object.entries(edit)) setPath(data, path, value);
  const r = validateManifestData(data);
  if (!r.ok)
    throw new Error(
      `fixture is not schema-valid: ${JSON.stringify(r.errors.map((e) => `${e.instancePath} ${e.message ?? ''}`))}`,
    );
  return r.manifest;
}

/** The options each rule gets from the real policies/config.yaml (what the tests should follow). */
export async function realOptions(id: string): Promise<unknown> {
  const { config, findings } = await loadPolicyConfig(
    'policies/config.yaml',
    readFileSync(`${repoRoot}/policies/config.yaml`, 'utf8'),
    docugenRules,
  );
  if (findings.length > 0) throw new Error(JSON.stringify(findings));
  return config.rules.get(id)?.options;
}

export const registryData: TeamRegistryData = parse(
  readFileSync(`${repoRoot}/policies/teams.yaml`, 'utf8'),
) as TeamRegistryData;

export const env: DocugenEnv = { teams: buildRegistry(registryData), repoPath: (f) => f };

export function run<O>(
  rule: ManifestRule<O, DocugenEnv>,
  m: SecretManifest,
  options: O,
  e: DocugenEnv = env,
): readonly Violation[] {
  return rule.check(m, { options, env: e });
}

export function runSet<O>(
  rule: SetRule<O, DocugenEnv>,
  facts: readonly ManifestFacts[],
  options: O,
  e: DocugenEnv = env,
): readonly SetViolation[] {
  return rule.check(facts, { options, env: e });
}

/** Compact view of violations for table assertions: the path of each. */
export function paths(vs: readonly Violation[]): string[] {
  return vs.map((v) => v.at.join('.'));
}
