import { DocugenError } from '@docugen-secrets/core';

/**
 * Stable codes of the provider rotators (Google API keys, IAM access keys,
 * GCS HMAC keys). Tests assert these; messages never contain a secret value.
 * - BAD_VALUE: a stored value is not the JSON object this kind stores;
 * - WRONG_KIND: the rotator was handed a manifest of another rotation kind;
 * - BAD_INPUT: an input the provider cannot take (e.g. a token too long for a display name);
 * - CALL_FAILED: a provider call failed after its retries;
 * - KEY_LIMIT: the provider's key quota is full of tracked keys (IAM's two keys per user);
 * - KEY_MISSING: the pending key is gone upstream before `set` could apply it;
 * - UNTRACKED_KEY: a first rotation found keys no stored version tracks and
 *   that it cannot prove it made; it refuses instead of deleting them (import
 *   the key in use as the secret's current value, or delete it by hand).
 * - PERMISSION_DENIED: the rotator's own identity lacks a permission; the
 *   message names the missing action (e.g. iam:GetAccessKeyLastUsed).
 * - KEY_IN_USE: the last check before deleting an old key saw it used; the
 *   key was put back (reactivated) and left for a human.
 */
export type ProviderErrorCode =
  | 'ROTATION_PROVIDER_BAD_VALUE'
  | 'ROTATION_PROVIDER_WRONG_KIND'
  | 'ROTATION_PROVIDER_BAD_INPUT'
  | 'ROTATION_PROVIDER_CALL_FAILED'
  | 'ROTATION_PROVIDER_KEY_LIMIT'
  | 'ROTATION_PROVIDER_KEY_MISSING'
  | 'ROTATION_PROVIDER_UNTRACKED_KEY'
  | 'ROTATION_PROVIDER_PERMISSION_DENIED'
  | 'ROTATION_PROVIDER_KEY_IN_USE';

export type ProviderError = DocugenError<ProviderErrorCode>;

export function providerError(
  code: ProviderErrorCode,
  message: string,
  details: Record<string, string | number | boolean> = {},
  cause?: unknown,
): ProviderError {
  return new DocugenError<ProviderErrorCode>(code, message, { details, ...(cause === undefined ? {} : { cause }) });
}
