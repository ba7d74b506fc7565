import type { SecretManifest } from '@docugen-secrets/manifest';
import { manifestRule, type SchemaCheck, type Violation } from '@docugen-secrets/policy-engine';
import { validateSM003Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM003.schema.json' with { type: 'json' };
import { docsPath, ms, show, type DocugenManifestRule } from './util.js';

function overlapOf(m: SecretManifest): string | undefined {
  return m.rotation.kind === 'manual' ? undefined : m.rotation.overlap;
}

function maxAgeViolations(m: SecretManifest, maxAge: string): Violation[] {
  const out: Violation[] = [];
  const cadence = m.rotation.cadence;
  const overlap = overlapOf(m);
  if (cadence !== undefined) {
    const life = ms(cadence, 'max') + (overlap === undefined ? 0 : ms(overlap, 'max'));
    if (ms(maxAge, 'min') < life) {
      const what =
        overlap === undefined ? `cadence ${show(cadence)}` : `cadence ${show(cadence)} plus overlap ${show(overlap)}`;
      out.push({
        message: `expiry.maxAge ${show(maxAge)} is shorter than a value lives on schedule (${what}): it would expire while still in use`,
        at: ['expiry', 'maxAge'],
      });
    }
  }
  m.expiry.warnBefore.forEach((w, i) => {
    if (ms(w, 'max') >= ms(maxAge, 'min'))
      out.push({
        message: `warning window ${show(w)} is not shorter than expiry.maxAge ${show(maxAge)}: it would fire as soon as the value is created`,
        at: ['expiry', 'warnBefore', String(i)],
      });
  });
  return out;
}

/**
 * SM003 — every secret's life is bounded (a rotation cadence or an expiry),
 * and the two agree: a value rotated on schedule is retired before it expires.
 */
export const SM003: DocugenManifestRule<Record<string, never>> = manifestRule({
  id: 'SM003',
  name: 'bounded-lifetime',
  title: 'Every secret has an expiry or a rotation cadence, and they agree.',
  description:
    'A secret with neither a rotation cadence nor an expiry can live forever. When both are set, expiry.maxAge must cover the cadence plus the overlap (otherwise the value expires while consumers still use it) and each warning window must be shorter than maxAge.',
  severity: 'error',
  docs: docsPath('SM003'),
  optionsSchema,
  validateOptions: validateSM003Options as SchemaCheck,
  check(m): Violation[] {
    const hasExpiry = m.expiry.maxAge !== undefined || m.expiry.notAfter !== undefined;
    if (m.rotation.cadence === undefined && !hasExpiry)
      return [
        {
          message: 'neither rotation.cadence nor expiry.maxAge/notAfter is set: the secret could live forever',
          at: ['rotation'],
          target: 'key',
        },
      ];
    return m.expiry.maxAge === undefined ? [] : maxAgeViolations(m, m.expiry.maxAge);
  },
});
