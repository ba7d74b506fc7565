import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM009Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM009.schema.json' with { type: 'json' };
import { docsPath, type DocugenManifestRule } from './util.js';

/** SM009 — every secret lists who consumes it, each service once. */
export const SM009: DocugenManifestRule<Record<string, never>> = manifestRule({
  id: 'SM009',
  name: 'consumers-listed',
  title: 'Every secret lists its consumers, each service once.',
  description:
    'Rotation overlap, reload and the blast radius of a leak all depend on knowing who reads the secret. A secret without consumers cannot be rotated safely; a service listed twice has two contradicting reload policies.',
  severity: 'error',
  docs: docsPath('SM009'),
  optionsSchema,
  validateOptions: validateSM009Options as SchemaCheck,
  check(m): Violation[] {
    if (m.consumers.length === 0)
      return [
        {
          message: 'no consumers are listed: name every service that reads this secret and how it reloads',
          at: ['consumers'],
          target: 'key',
        },
      ];
    const seen = new Set<string>();
    return m.consumers.flatMap((c, i) => {
      if (!seen.has(c.service)) {
        seen.add(c.service);
        return [];
      }
      return [{ message: `consumer ${c.service} is listed more than once`, at: ['consumers', String(i), 'service'] }];
    });
  },
});
