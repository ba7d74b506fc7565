import { setRule, type ManifestFacts, type SchemaCheck, type SetViolation } from '@docugen-secrets/policy-engine';
import { validateSM007Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM007.schema.json' with { type: 'json' };
import { docsPath, type DocugenSetRule } from './util.js';

/** Groups facts by a key, keeping only keys shared by more than one manifest. */
export function shared(
  facts: readonly ManifestFacts[],
  key: (f: ManifestFacts) => string | undefined,
): Map<string, ManifestFacts[]> {
  // One pass that keeps the first holder of each key and makes a list only for a second one:
  // over 10,000 manifests with unique keys, no list at all.
  const first = new Map<string, ManifestFacts>();
  const groups = new Map<string, ManifestFacts[]>();
  // Indexed: once per manifest, in code that runs once per process (no iterator result per step).
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i];
    const k = f === undefined ? undefined : key(f);
    if (f === undefined || k === undefined) continue;
    const seen = first.get(k);
    if (seen === undefined) {
      first.set(k, f);
      continue;
    }
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [seen, f]);
  }
  if (groups.size < 2) return groups;
  // In the order the keys first appear, as callers list findings that way.
  const ordered = new Map<string, ManifestFacts[]>();
  for (const k of first.keys()) {
    const list = groups.get(k);
    if (list) ordered.set(k, list);
  }
  return ordered;
}

/** The other files of a group, at most three named (a thousand copies must not make a quadratic report). */
export function othersOf(list: readonly ManifestFacts[], self: ManifestFacts): string[] {
  const others = list.filter((o) => o !== self).map((o) => o.file);
  return others.length <= 3 ? others : [...others.slice(0, 3), `${others.length - 3} more`];
}

/** SM007 — a secret id names one secret across all manifests. */
export const SM007: DocugenSetRule<Record<string, never>> = setRule({
  id: 'SM007',
  name: 'unique-ids',
  title: 'Secret ids are unique across manifests.',
  description:
    'The id names the secret in the store, the audit trail, alerts and the rotator state. Two manifests with one id would rotate, alert and audit each other. Ids must be unique across every manifest (folders included).',
  severity: 'error',
  docs: docsPath('SM007'),
  optionsSchema,
  validateOptions: validateSM007Options as SchemaCheck,
  check(facts): SetViolation[] {
    const out: SetViolation[] = [];
    for (const [id, list] of shared(facts, (f) => f.id)) {
      for (const f of list) {
        const others = othersOf(list, f);
        out.push({ file: f.file, message: `id ${id} is also used by ${others.join(', ')}`, at: ['id'] });
      }
    }
    return out;
  },
});
