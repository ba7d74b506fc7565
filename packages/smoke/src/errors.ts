import { DocugenError } from '@docugen-secrets/core';

/**
 * Stable codes of the smoke test. Messages name the secret id, never a value.
 * - SMOKE_NOT_CANARY: the manifest is not marked `smoke: true`; the smoke test
 *   rotates only canaries, never a secret a service relies on;
 * - SMOKE_NO_LIVE_CONSUMER: the canary has no `live-client` consumer, so there
 *   is no refresh interval to hold the client to.
 */
export type SmokeErrorCode = 'SMOKE_NOT_CANARY' | 'SMOKE_NO_LIVE_CONSUMER';

export type SmokeError = DocugenError<SmokeErrorCode>;

export function smokeError(code: SmokeErrorCode, message: string, secretId: string): SmokeError {
  return new DocugenError(code, message, { details: { secretId } });
}
