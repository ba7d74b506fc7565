import type { SecretManifest } from '@docugen-secrets/manifest';
import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM012Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM012.schema.json' with { type: 'json' };
import { docsPath, type DocugenManifestRule } from './util.js';

export interface ProductionBackendOptions {
  readonly backends: readonly ('aws-secrets-manager' | 'sops')[];
  readonly awsRegions: readonly string[];
  readonly awsNamePrefix: string;
  readonly sopsPathPrefix: string;
  readonly requireKmsKey: boolean;
}

function awsViolations(
  b: Extract<SecretManifest['backend'], { kind: 'aws-secrets-manager' }>,
  o: ProductionBackendOptions,
): Violation[] {
  const out: Violation[] = [];
  if (!o.awsRegions.includes(b.region))
    out.push({
      message: `region ${b.region} is not allowed for production secrets (allowed: ${o.awsRegions.join(', ')})`,
      at: ['backend', 'region'],
    });
  if (!b.name.startsWith('arn:') && !b.name.startsWith(o.awsNamePrefix))
    out.push({
      message: `production secret names start with "${o.awsNamePrefix}" (IAM policies grant production access by that prefix)`,
      at: ['backend', 'name'],
    });
  if (o.requireKmsKey && b.kmsKeyId === undefined)
    out.push({
      message: 'production secrets are encrypted with a customer-managed KMS key: set backend.kmsKeyId',
      at: ['backend'],
      target: 'key',
    });
  return out;
}

/**
 * SM012 — production secrets live only on an allowed backend, in an allowed
 * region and under the production prefix that access policies are written for.
 */
export const SM012: DocugenManifestRule<ProductionBackendOptions> = manifestRule({
  id: 'SM012',
  name: 'production-backend-allowed',
  title: 'Production secrets are on an allowed backend and region.',
  description:
    'Data-residency commitments and IAM policies are written for specific regions, name prefixes and file paths; a production secret elsewhere is outside them (wrong jurisdiction, readable by non-production roles, or not encrypted with the production KMS key). Allowed backends, regions and prefixes are set in policies/config.yaml.',
  severity: 'error',
  docs: docsPath('SM012'),
  optionsSchema,
  validateOptions: validateSM012Options as SchemaCheck,
  check(m, { options }): Violation[] {
    if (m.environment !== 'production') return [];
    const b = m.backend;
    if (!options.backends.includes(b.kind))
      return [
        {
          message: `backend ${b.kind} is not allowed for production secrets (allowed: ${options.backends.join(', ')})`,
          at: ['backend', 'kind'],
        },
      ];
    if (b.kind === 'aws-secrets-manager') return awsViolations(b, options);
    return b.path.startsWith(options.sopsPathPrefix)
      ? []
      : [
          {
            message: `production SOPS files live under ${options.sopsPathPrefix} (only production recipients can decrypt there)`,
            at: ['backend', 'path'],
          },
        ];
  },
});
