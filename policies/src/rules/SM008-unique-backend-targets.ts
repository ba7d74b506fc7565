import { setRule, type BackendFacts, type SchemaCheck, type SetViolation } from '@docugen-secrets/policy-engine';
import { validateSM008Options } from '../generated/validators.generated.js';
import optionsSchema from './options/SM008.schema.json' with { type: 'json' };
import { othersOf, shared } from './SM007-unique-ids.js';
import { docsPath, type DocugenSetRule } from './util.js';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:(.+?)(-[A-Za-z0-9]{6})?$/;

/**
 * The storage location a backend points at, normalised so two spellings of
 * one place compare equal: an AWS secret by region and name (an ARN is read
 * as its region and name, without the random 6-character suffix AWS adds),
 * a SOPS file by path.
 */
export function backendTarget(b: BackendFacts | undefined): string | undefined {
  if (b?.kind === 'sops' && b.path !== undefined) return `sops:${b.path}`;
  if (b?.kind !== 'aws-secrets-manager' || b.name === undefined) return undefined;
  const arn = SECRET_ARN.exec(b.name);
  if (arn) return `aws-secrets-manager:${arn[1] ?? ''}:${arn[2] ?? ''}`;
  return b.region === undefined ? undefined : `aws-secrets-manager:${b.region}:${b.name}`;
}

/** SM008 — no two manifests store their value in the same place. */
export const SM008: DocugenSetRule<Record<string, never>> = setRule({
  id: 'SM008',
  name: 'unique-backend-targets',
  title: 'Backend targets (AWS secret, SOPS file) are unique across manifests.',
  description:
    'Two manifests writing the same AWS secret or SOPS file overwrite each other on rotation: one consumer set silently gets the other secret. Each manifest needs its own backend name/region or path.',
  severity: 'error',
  docs: docsPath('SM008'),
  optionsSchema,
  validateOptions: validateSM008Options as SchemaCheck,
  check(facts): SetViolation[] {
    const out: SetViolation[] = [];
    for (const [target, list] of shared(facts, (f) => backendTarget(f.backend))) {
      for (const f of list) {
        const others = othersOf(list, f);
        const at = target.startsWith('sops:') ? ['backend', 'path'] : ['backend', 'name'];
        out.push({ file: f.file, message: `backend ${target} is also the target of ${others.join(', ')}`, at });
      }
    }
    return out;
  },
});
