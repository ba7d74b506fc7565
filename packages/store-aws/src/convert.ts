import type { Tag } from '@aws-sdk/client-secrets-manager';
import { type SecretRef, type SecretValue, storeError } from '@docugen-secrets/secret-store';

export interface AwsTarget {
  readonly name: string;
  readonly region: string;
  readonly kmsKeyId?: string;
}

export function awsTarget(ref: SecretRef): AwsTarget {
  if (ref.target.kind !== 'aws-secrets-manager') {
    throw storeError(
      'STORE_INVALID_REQUEST',
      ref,
      `secret "${ref.id}" targets the ${ref.target.kind} backend, not AWS Secrets Manager`,
      { details: { step: 'route' } },
    );
  }
  return ref.target;
}

export function toAwsValue(v: SecretValue): { SecretString: string } | { SecretBinary: Uint8Array } {
  return v.kind === 'string' ? { SecretString: v.value } : { SecretBinary: v.value };
}

export function fromAwsValue(
  ref: SecretRef,
  out: { SecretString?: string | undefined; SecretBinary?: Uint8Array | undefined },
): SecretValue {
  if (out.SecretString !== undefined) return { kind: 'string', value: out.SecretString };
  if (out.SecretBinary !== undefined) return { kind: 'binary', value: out.SecretBinary };
  throw storeError(
    'STORE_CORRUPT',
    ref,
    `secret "${ref.id}": AWS returned a version with neither SecretString nor SecretBinary`,
    { details: { step: 'getValue' } },
  );
}

export function tagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function tagRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}
