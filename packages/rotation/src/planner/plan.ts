import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretDescription } from '@docugen-secrets/secret-store';
import { evaluate } from './evaluate.js';
import type { PlanEntry, PlanOptions } from './types.js';

/**
 * The rotation plan of an estate: one entry per manifest, in manifest id
 * order. Pure: `descriptions` maps a secret id to its store description
 * (absent = the store could not be read), `now` is an argument.
 */
export function plan(
  manifests: readonly SecretManifest[],
  descriptions: ReadonlyMap<string, SecretDescription>,
  now: Date,
  options: PlanOptions = {},
): PlanEntry[] {
  return [...manifests]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m) => evaluate(m, descriptions.get(m.id), now, options));
}

/** Whether `rotate` has work to do for this entry now. */
export function needsWork(e: PlanEntry): boolean {
  return e.action === 'create' || e.action === 'rotate' || e.action === 'resume' || e.action === 'retire';
}
