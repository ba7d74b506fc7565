import type { Finding } from '@docugen-secrets/core';
import type { LoadedManifest } from '@docugen-secrets/manifest';
import type { FailOn, PolicyConfig } from './config.js';
import { checkManifest, evaluateSetRules, type CheckedManifest } from './evaluate.js';
import type { ManifestFacts } from './facts.js';
import { buildReport, type PolicyReport } from './report.js';
import type { Rule } from './rule.js';
import { applyWaivers, unusedWaivers, type Waiver } from './waivers.js';

/** Everything a check needs besides the manifests themselves. */
export interface CheckContext<E> {
  readonly rules: readonly Rule<E>[];
  readonly config: PolicyConfig;
  readonly waivers: readonly Waiver[];
  readonly env: E;
  /** Problems in the policy files themselves (config, waivers, registries): reported as they are. */
  readonly policyFindings?: readonly Finding[];
  readonly mode: 'full' | 'changed';
  /** Overrides the config's `failOn` (the CLI's `--fail-on`). */
  readonly failOn?: FailOn;
}

export interface CheckSetInput<E> extends CheckContext<E> {
  readonly checked: readonly LoadedManifest[];
  readonly facts: readonly ManifestFacts[];
}

/**
 * The report for manifests already run through `checkManifest`: cross-manifest
 * rules over all facts, waivers applied (rule findings only), unused waivers
 * flagged on a full check (a partial one cannot know), both verdicts.
 */
export function reportFor<E>(
  ctx: CheckContext<E>,
  checked: readonly CheckedManifest[],
  facts: readonly ManifestFacts[],
): PolicyReport {
  const ruleIds = new Set(ctx.rules.map((r) => r.id));
  const raw = [
    ...checked.flatMap((c) => c.findings),
    ...evaluateSetRules(ctx, facts, checked),
    ...(ctx.policyFindings ?? []),
  ];
  const { findings, used } = applyWaivers(raw, ctx.waivers, (f) => ruleIds.has(f.ruleId));
  const unused = ctx.mode === 'full' ? unusedWaivers(ctx.waivers, used) : [];
  return buildReport({
    files: checked.length,
    valid: checked.filter((c) => c.valid).length,
    findings: [...findings, ...unused],
    failOn: ctx.failOn ?? ctx.config.failOn,
    mode: ctx.mode,
  });
}

/** The whole check of a loaded set, pure: schema findings, rule findings, waivers and the report. */
export function checkSet<E>(input: CheckSetInput<E>): PolicyReport {
  return reportFor(
    input,
    input.checked.map((m) => checkManifest(input, m)),
    input.facts,
  );
}
