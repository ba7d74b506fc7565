import { durationMs, humanDuration, parseDuration } from '@docugen-secrets/core';
import type { ManifestRule, SetRule } from '@docugen-secrets/policy-engine';
import type { DocugenEnv } from '../env.js';

export type DocugenManifestRule<O> = ManifestRule<O, DocugenEnv>;
export type DocugenSetRule<O> = SetRule<O, DocugenEnv>;

/**
 * Length of an ISO duration in ms. Calendar units have no fixed length, so
 * "at most" comparisons take the longest reading of the checked value and the
 * shortest of the limit (`max` / `min`), never the other way round.
 */
export function ms(text: string, bound: 'min' | 'max'): number {
  return durationMs(parseDuration(text), bound);
}

/** `P30D (30 days)` for messages. */
export function show(text: string): string {
  return `${text} (${humanDuration(parseDuration(text))})`;
}

/** Documentation page of a rule, relative to the repository root. */
export function docsPath(id: string): string {
  return `docs/policies/${id}.md`;
}
