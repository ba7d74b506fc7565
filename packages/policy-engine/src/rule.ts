import type { Severity } from '@docugen-secrets/core';
import type { Range, SecretManifest } from '@docugen-secrets/manifest';
import type { ManifestFacts } from './facts.js';
import type { SchemaCheck } from './yaml-file.js';

/** A JSON Schema (draft 2020-12) as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * What every rule declares about itself, Spectral-style: a stable id that
 * never changes meaning, a default severity, a documentation page and the
 * schema its options must satisfy (checked when the policy config loads, so a
 * typo in the config is a positioned error rather than a silently ignored rule).
 */
export interface RuleMeta {
  /** Stable id, e.g. `SM001`. Waivers, config and docs refer to it. */
  readonly id: string;
  /** Short kebab-case name, e.g. `max-cadence-for-classification`. */
  readonly name: string;
  /** One sentence: what the rule requires. */
  readonly title: string;
  /** Why the rule exists and how to fix a violation. */
  readonly description: string;
  readonly severity: Severity;
  /** Repository path of the rule's documentation page, e.g. `docs/policies/SM001.md`. */
  readonly docs: string;
  /** JSON Schema of the rule's `options` in the policy config. */
  readonly optionsSchema: JsonSchema;
  /**
   * `optionsSchema` compiled ahead of time (ajv standalone), so a check run
   * never loads ajv; without it the engine compiles the schema on first use.
   */
  readonly validateOptions?: SchemaCheck;
}

/** One problem a rule found, pointing at a node of the manifest. */
export interface Violation {
  readonly message: string;
  /** Path of the offending node, e.g. `['rotation', 'cadence']`; `[]` is the whole manifest. */
  readonly at: readonly string[];
  /** Point at the key (missing/unknown things) or the value (wrong values, the default). */
  readonly target?: 'key' | 'value';
}

/**
 * A violation of a cross-manifest rule. It names the file it belongs to; the
 * engine locates `at` in that manifest, or uses `range` as given for files
 * that are not manifests (e.g. a stale CODEOWNERS line).
 */
export interface SetViolation extends Violation {
  readonly file: string;
  readonly range?: Range;
}

/** What a check receives besides its subject: its validated options and the environment (team registry, …). */
export interface RuleContext<O, E> {
  readonly options: O;
  readonly env: E;
}

/** A pure check of one schema-valid manifest. */
export interface ManifestRule<O, E> extends RuleMeta {
  readonly kind: 'manifest';
  check(manifest: SecretManifest, ctx: RuleContext<O, E>): readonly Violation[];
}

/**
 * A pure check over the whole set (unique ids, CODEOWNERS sync …). It sees
 * only each manifest's minimal facts, so `check --changed` can supply them for
 * unchanged files without a full load.
 */
export interface SetRule<O, E> extends RuleMeta {
  readonly kind: 'set';
  check(facts: readonly ManifestFacts[], ctx: RuleContext<O, E>): readonly SetViolation[];
}

/** A rule with its options type erased; `O` is recovered inside the rule. */
// Methods (not function properties) keep rules with specific options assignable here.
export type Rule<E> = ManifestRule<never, E> | SetRule<never, E>;

/** Identity helpers that keep the options type inferred in a rule's file. */
export function manifestRule<O, E>(rule: Omit<ManifestRule<O, E>, 'kind'>): ManifestRule<O, E> {
  return { kind: 'manifest', ...rule };
}

export function setRule<O, E>(rule: Omit<SetRule<O, E>, 'kind'>): SetRule<O, E> {
  return { kind: 'set', ...rule };
}
