import type { Severity } from '@docugen-secrets/core';
import type { RuleDescriptor } from '@docugen-secrets/policy-engine';

/** The stable codes of drift findings (the `drift` alert kind and code scanning key on them). */
export type DriftCode = 'DRIFT001' | 'DRIFT002' | 'DRIFT003' | 'DRIFT004' | 'DRIFT005' | 'DRIFT006';

interface DriftRule {
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
}

/**
 * One entry per code: what it means and what to do. Severity: a value
 * nobody can account for (out of band, missing, wrong recipients) is an
 * error; bookkeeping the next rotation or a person tidies up is a warning.
 */
export const DRIFT_RULES: Readonly<Record<DriftCode, DriftRule>> = {
  DRIFT001: {
    name: 'orphan',
    title: 'A store secret that no manifest declares',
    severity: 'warning',
    description:
      "The secret (or SOPS file) carries the project's id tag or layout, or lies under a listed name prefix, but no manifest declares it — often a manifest that was removed. Delete it after checking nobody reads it, or add its manifest back.",
  },
  DRIFT002: {
    name: 'missing',
    title: 'A manifest whose secret is missing from its backend',
    severity: 'error',
    description:
      'The manifest names a secret its backend does not hold. An error when the audit trail shows the tool stored it (it was deleted out of band); a warning when it was never created (the next rotate creates it).',
  },
  DRIFT003: {
    name: 'out-of-band',
    title: 'A value changed outside the tool',
    severity: 'error',
    description:
      'The current or pending version (or the last commit of a SOPS file) was never recorded in the audit trail: someone changed the secret around the rotator. Find out who (CloudTrail, git log), then rotate through the tool (rotate --manual for manual secrets).',
  },
  DRIFT004: {
    name: 'stages',
    title: 'Stages inconsistent',
    severity: 'warning',
    description:
      'A pending version left behind, a previous version past its retire time, versions kept alive by labels the strategy does not use, or a claimed first rotation that never stored a version (an upstream key may exist that no stored version references). Run rotate to resume or retire; look at the listed version.',
  },
  DRIFT005: {
    name: 'sops-recipients',
    title: 'SOPS recipients differ from the creation rules',
    severity: 'error',
    description:
      'The file is encrypted to other age recipients than .sops.yaml (or the store configuration) asks for: a removed key can still decrypt it, or a new key cannot. Run sops updatekeys on the file.',
  },
  DRIFT006: {
    name: 'vault-tags',
    title: "Secrets Manager secret without the manifest's KMS key or owner tags",
    severity: 'warning',
    description:
      "The secret is encrypted with another KMS key than the manifest names, or lacks the docugen-secrets/id or docugen-secrets/owner tag with the manifest's values (access policies and cost reports key on them). Fix the tags or the key with the AWS CLI or Terraform.",
  },
};

export const DRIFT_CODES = Object.keys(DRIFT_RULES) as DriftCode[];

/** The drift codes as report formats describe rules (SARIF driver rules, summary links). */
export function driftRuleDescriptors(docsBaseUri: string): RuleDescriptor[] {
  return DRIFT_CODES.map((id) => {
    const r = DRIFT_RULES[id];
    return {
      id,
      name: r.name,
      title: r.title,
      description: r.description,
      severity: r.severity,
      helpUri: new URL(`docs/drift.md#${id.toLowerCase()}`, docsBaseUri).href,
      tags: ['security', 'drift'],
    };
  });
}
