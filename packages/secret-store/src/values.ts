import { timingSafeEqual } from 'node:crypto';
import type { SecretValue } from './port.js';

/** The bytes of a value: UTF-8 for strings. */
export function valueBytes(v: SecretValue): Uint8Array {
  return v.kind === 'string' ? new TextEncoder().encode(v.value) : v.value;
}

/** Same kind and same bytes, compared in constant time for equal lengths. */
export function sameValue(a: SecretValue, b: SecretValue): boolean {
  if (a.kind !== b.kind) return false;
  const x = valueBytes(a);
  const y = valueBytes(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A defensive copy, so callers mutating their buffer cannot change a stored version. */
export function copyValue(v: SecretValue): SecretValue {
  return v.kind === 'string' ? v : { kind: 'binary', value: new Uint8Array(v.value) };
}

/** Strings that must never appear in messages: the value's text forms. */
export function valueTexts(v: SecretValue): string[] {
  if (v.kind === 'string') return [v.value];
  const buf = Buffer.from(v.value);
  return [buf.toString('base64'), buf.toString('hex')];
}
