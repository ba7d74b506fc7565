import { pickupTime, type Consumer } from '@docugen-secrets/manifest';
import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM004Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM004.schema.json' with { type: 'json' };
import { docsPath, ms, show, type DocugenManifestRule } from './util.js';

/**
 * SM004 — the old value stays valid at least as long as the slowest consumer
 * takes to pick up the new one (client refresh interval or rollout duration).
 */
export const SM004: DocugenManifestRule<Record<string, never>> = manifestRule({
  id: 'SM004',
  name: 'overlap-covers-consumers',
  title: 'Rotation overlap is at least the longest consumer refresh or rollout time.',
  description:
    'During a rotation both values are valid for the overlap period; a consumer that refreshes (or restarts) less often than that is still using the old value when it is revoked and fails. Lengthen rotation.overlap or make the consumer refresh faster.',
  severity: 'error',
  docs: docsPath('SM004'),
  optionsSchema,
  validateOptions: validateSM004Options as SchemaCheck,
  check(m): Violation[] {
    if (m.rotation.kind === 'manual') return [];
    const overlap = m.rotation.overlap;
    let slowest: { consumer: Consumer; time: string } | undefined;
    for (const consumer of m.consumers) {
      const time = pickupTime(consumer);
      if (time !== undefined && (slowest === undefined || ms(time, 'max') > ms(slowest.time, 'max')))
        slowest = { consumer, time };
    }
    if (slowest === undefined || ms(overlap, 'min') >= ms(slowest.time, 'max')) return [];
    const how = slowest.consumer.reload.kind === 'live-client' ? 'refreshes every' : 'rolls out in up to';
    return [
      {
        message: `rotation overlap ${show(overlap)} is shorter than consumer ${slowest.consumer.service} needs (${how} ${show(slowest.time)})`,
        at: ['rotation', 'overlap'],
      },
    ];
  },
});
