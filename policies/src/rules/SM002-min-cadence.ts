import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM002Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM002.schema.json' with { type: 'json' };
import { docsPath, ms, show, type DocugenManifestRule } from './util.js';

export interface MinCadenceOptions {
  readonly minCadence: Readonly<Record<'aws-secrets-manager' | 'sops', string>>;
}

/**
 * SM002 — a secret does not rotate more often than its backend safely
 * sustains (AWS advises at most one PutSecretValue per 10 minutes sustained;
 * every SOPS rotation is a commit).
 */
export const SM002: DocugenManifestRule<MinCadenceOptions> = manifestRule({
  id: 'SM002',
  name: 'min-cadence-for-backend',
  title: 'Rotation cadence is not shorter than the backend safely allows.',
  description:
    'Rotating faster than the backend sustains gets throttled (AWS Secrets Manager advises no more than one PutSecretValue per 10 minutes sustained) or floods the repository with SOPS commits, and leaves consumers no time to refresh. The minimum per backend is set in policies/config.yaml.',
  severity: 'error',
  docs: docsPath('SM002'),
  optionsSchema,
  validateOptions: validateSM002Options as SchemaCheck,
  check(m, { options }): Violation[] {
    const cadence = m.rotation.cadence;
    if (cadence === undefined) return [];
    const min = options.minCadence[m.backend.kind];
    if (ms(cadence, 'min') >= ms(min, 'max')) return [];
    return [
      {
        message: `rotation cadence ${show(cadence)} is shorter than ${m.backend.kind} safely sustains, at least ${show(min)}`,
        at: ['rotation', 'cadence'],
      },
    ];
  },
});
