import type { RotationStrategy } from '@docugen-secrets/manifest';
import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM010Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM010.schema.json' with { type: 'json' };
import { docsPath, type DocugenManifestRule } from './util.js';

export interface StrategyOptions {
  readonly strategies: readonly RotationStrategy[];
}

const WHY: Readonly<Record<string, string>> = {
  manual: 'a person must rotate it; the rotator only tracks and alerts',
  single: 'with one credential there is no overlap: consumers fail until they reload',
};

/**
 * SM010 — strategies the rotator cannot carry out safely on its own are
 * allowed only as a recorded, owned, expiring exception (a waiver).
 */
export const SM010: DocugenManifestRule<StrategyOptions> = manifestRule({
  id: 'SM010',
  name: 'strategy-needs-waiver',
  title: 'Manual and single-credential rotation strategies need a waiver.',
  description:
    'A manual rotation depends on a person remembering; a single-credential rotation has no overlap, so consumers fail until they reload. Either can be the right call (a vendor portal without an API), but only as an accepted exception: a waiver in policies/waivers.yaml with a reason, an owner and an expiry.',
  severity: 'error',
  docs: docsPath('SM010'),
  optionsSchema,
  validateOptions: validateSM010Options as SchemaCheck,
  check(m, { options }): Violation[] {
    const strategy = m.rotation.strategy;
    if (!options.strategies.includes(strategy)) return [];
    const why = WHY[strategy] ?? 'the rotator cannot rotate it safely by itself';
    return [
      {
        message: `rotation strategy "${strategy}" needs a waiver (${why}): add one for SM010 to policies/waivers.yaml with a reason, an owner and an expiry`,
        at: ['rotation', 'strategy'],
      },
    ];
  },
});
