import type { Classification } from '@docugen-secrets/manifest';
import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM001Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM001.schema.json' with { type: 'json' };
import { docsPath, ms, show, type DocugenManifestRule } from './util.js';

export interface MaxCadenceOptions {
  readonly maxCadence: Partial<Record<Classification, string>> & { readonly any: string };
}

/** The limit that applies: the classification's own (if set) and the cap for any secret, whichever is shorter. */
export function cadenceLimit(options: MaxCadenceOptions, classification: Classification): string {
  const own = options.maxCadence[classification];
  if (own === undefined) return options.maxCadence.any;
  return ms(own, 'min') <= ms(options.maxCadence.any, 'min') ? own : options.maxCadence.any;
}

/**
 * SM001 — requirement NFR5: a secret rotates at least as often as its
 * classification demands. The numbers live only in policies/config.yaml.
 */
export const SM001: DocugenManifestRule<MaxCadenceOptions> = manifestRule({
  id: 'SM001',
  name: 'max-cadence-for-classification',
  title: 'Rotation cadence is within the maximum for the classification (NFR5).',
  description:
    'A leaked credential stays useful until it is rotated, so the more a secret protects, the shorter its life: the maximum cadence per classification is set in policies/config.yaml (requirement NFR5). Shorten rotation.cadence, or reclassify the secret if the classification is wrong.',
  severity: 'error',
  docs: docsPath('SM001'),
  optionsSchema,
  validateOptions: validateSM001Options as SchemaCheck,
  check(m, { options }): Violation[] {
    const cadence = m.rotation.cadence;
    if (cadence === undefined) return [];
    const limit = cadenceLimit(options, m.classification);
    if (ms(cadence, 'max') <= ms(limit, 'min')) return [];
    return [
      {
        message: `rotation cadence ${show(cadence)} is longer than the maximum for ${m.classification} secrets, ${show(limit)} (NFR5)`,
        at: ['rotation', 'cadence'],
      },
    ];
  },
});
