import type { Severity } from '@docugen-secrets/core';
import type { RuleMeta } from '../rule.js';

/** Rule metadata as report formats need it; leak rules and schema codes can be described the same way. */
export interface RuleDescriptor {
  readonly id: string;
  readonly name?: string;
  readonly title: string;
  readonly description?: string;
  readonly severity: Severity;
  /** Absolute documentation URI (SARIF `helpUri`, summary links). */
  readonly helpUri?: string;
  /** SARIF `properties.tags` (GitHub code scanning filters on them, e.g. `security`). */
  readonly tags?: readonly string[];
}

/** Descriptors for policy rules, their docs paths resolved against `docsBaseUri`. */
export function describeRules(rules: readonly RuleMeta[], docsBaseUri: string): RuleDescriptor[] {
  return rules.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    description: r.description,
    severity: r.severity,
    helpUri: new URL(r.docs, docsBaseUri).href,
  }));
}

/** Descriptor lookup that also covers ids without metadata (schema error codes): a minimal entry. */
export function descriptorFor(rules: readonly RuleDescriptor[], id: string): RuleDescriptor {
  return rules.find((r) => r.id === id) ?? { id, title: id, severity: 'error' };
}
