import type { Rotation, SecretManifest } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';
import { providerError } from './errors.js';

/** The manifest's rotation block, narrowed to `kind`; anything else is a wiring bug. */
export function rotationOf<K extends Rotation['kind']>(
  manifest: SecretManifest,
  kind: K,
): Extract<Rotation, { kind: K }> {
  const rotation = manifest.rotation;
  if (rotation.kind !== kind) {
    throw providerError(
      'ROTATION_PROVIDER_WRONG_KIND',
      `secret "${manifest.id}": the ${kind} rotator was given a manifest with rotation.kind ${rotation.kind}; check the rotator registry`,
      { secretId: manifest.id, expected: kind, actual: rotation.kind },
    );
  }
  return rotation as Extract<Rotation, { kind: K }>;
}

/** Stores `fields` as a JSON object (the SecretValue of every provider kind). */
export function jsonValue(fields: Readonly<Record<string, string>>): SecretValue {
  return { kind: 'string', value: JSON.stringify(fields) };
}

/**
 * Reads a stored JSON value with exactly the string `fields` of `kind`. The
 * error names the secret, the kind and the missing fields, never the text.
 */
export function readJsonValue<F extends string>(
  value: SecretValue,
  fields: readonly F[],
  kind: Rotation['kind'],
  secretId: string,
): Record<F, string> {
  const parsed = parseObject(value);
  const missing = fields.filter((f) => typeof parsed?.[f] !== 'string' || parsed[f] === '');
  if (!parsed || missing.length > 0) {
    const what = parsed ? `has no string field(s) ${missing.join(', ')}` : 'is not a JSON object';
    throw providerError(
      'ROTATION_PROVIDER_BAD_VALUE',
      `secret "${secretId}": the stored ${kind} value ${what}; expected {${fields.join(', ')}}. Re-import the credential with those fields.`,
      { secretId, kind },
    );
  }
  return Object.fromEntries(fields.map((f) => [f, parsed[f] as string])) as Record<F, string>;
}

function parseObject(value: SecretValue): Record<string, unknown> | undefined {
  if (value.kind !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value.value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
