import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM005Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM005.schema.json' with { type: 'json' };
import { docsPath, ms, show, type DocugenManifestRule } from './util.js';

/**
 * SM005 — a retired signing key stays published until everything it signed
 * has expired and every verifier cache has seen the change, and a new key is
 * published long enough before use for caches to pick it up.
 */
export const SM005: DocugenManifestRule<Record<string, never>> = manifestRule({
  id: 'SM005',
  name: 'signing-key-publication',
  title: 'Signing keys stay published for verification at least max token lifetime + verifier cache time.',
  description:
    'A token or document signed just before a rotation is valid for maxTokenLifetime; verifiers may hold an old JWK set for verifierCacheTtl. The retired public key must stay published (rotation.overlap) for at least their sum, and a new key must be published at least verifierCacheTtl before it signs (publishDelay), or verification fails.',
  severity: 'error',
  docs: docsPath('SM005'),
  optionsSchema,
  validateOptions: validateSM005Options as SchemaCheck,
  check(m): Violation[] {
    const r = m.rotation;
    if (r.kind !== 'signing-key-pair') return [];
    const out: Violation[] = [];
    const needed = ms(r.maxTokenLifetime, 'max') + ms(r.verifierCacheTtl, 'max');
    if (ms(r.overlap, 'min') < needed) {
      out.push({
        message: `rotation overlap ${show(r.overlap)} is shorter than maxTokenLifetime ${show(r.maxTokenLifetime)} + verifierCacheTtl ${show(r.verifierCacheTtl)}: tokens signed before the rotation would fail verification`,
        at: ['rotation', 'overlap'],
      });
    }
    if (ms(r.publishDelay, 'min') < ms(r.verifierCacheTtl, 'max')) {
      out.push({
        message: `publishDelay ${show(r.publishDelay)} is shorter than verifierCacheTtl ${show(r.verifierCacheTtl)}: verifiers with a cached key set would reject the new key`,
        at: ['rotation', 'publishDelay'],
      });
    }
    return out;
  },
});
