import { awsError } from './errors.js';
import { optStr, type Input } from './input.js';
import type { SecretValue } from './model.js';

/** JSON 1.1 timestamps are epoch seconds (fractional allowed); the SDK turns them into Dates. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/**
 * LastAccessedDate has day resolution: "the resolution of this field is at the
 * date level and does not include the time" (ListSecretVersionIds,
 * SecretVersionsListEntry; DescribeSecret documents the same field).
 */
export function startOfUtcDay(ms: number): number {
  return ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_VALUE = 65_536;

/**
 * Reads SecretString / SecretBinary. "You must include SecretBinary or
 * SecretString, but not both" (PutSecretValue), both at most 65,536 bytes
 * (API reference, Length Constraints). SecretBinary travels base64-encoded in
 * JSON ("When you retrieve a SecretBinary using the HTTP API … the value is
 * Base64-encoded", GetSecretValue).
 */
export function readSecretValue(input: Input): SecretValue | undefined {
  const text = optStr(input, 'SecretString', { max: MAX_VALUE });
  const b64 = optStr(input, 'SecretBinary');
  if (text !== undefined && b64 !== undefined) {
    throw awsError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  if (text !== undefined) return { kind: 'string', text };
  if (b64 === undefined) return undefined;
  if (!BASE64.test(b64)) throw awsError('SerializationException', 'SecretBinary is not valid base64.');
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_VALUE)
    throw awsError(
      'ValidationException',
      `1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE}`,
    );
  return { kind: 'binary', base64: bytes.toString('base64') };
}

export function valueFields(value: SecretValue): { SecretString: string } | { SecretBinary: string } {
  return value.kind === 'string' ? { SecretString: value.text } : { SecretBinary: value.base64 };
}
