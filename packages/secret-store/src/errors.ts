import { DocugenError } from '@docugen-secrets/core';
import type { SecretRef, StoreErrorCode } from './port.js';

export type StoreError = DocugenError<StoreErrorCode>;

/**
 * Builds a store error. `details` always carries the secret id so reports can
 * group failures without parsing messages; callers add the step.
 */
export function storeError(
  code: StoreErrorCode,
  ref: SecretRef,
  message: string,
  options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {},
): StoreError {
  return new DocugenError<StoreErrorCode>(code, message, {
    ...(options.cause === undefined ? {} : { cause: options.cause }),
    details: { secretId: ref.id, store: ref.target.kind, ...(options.details ?? {}) },
  });
}

/**
 * Removes every occurrence of the given values from a text that comes from
 * elsewhere (a remote error message): belt and braces so that even a server
 * echoing its input cannot put a value into one of our messages.
 */
export function redact(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (v.length > 0) out = out.split(v).join('[redacted]');
  return out;
}
