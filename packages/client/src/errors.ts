import { DocugenError } from '@docugen-secrets/core';

/**
 * Stable codes of the client. Messages name the secret id and the step, never
 * a value.
 * - CLIENT_BAD_OPTIONS: a caller passed an invalid interval, duration or id list;
 * - CLIENT_NOT_LOADED: `get`/`versions`/… of a secret `load` was never given;
 * - CLIENT_STALE: no refresh succeeded for longer than `maxStaleness`;
 * - CLIENT_NOT_FOUND: the source does not hold the secret or a version of it;
 * - CLIENT_ACCESS_DENIED: the source refused (IAM, KMS, no age identity);
 * - CLIENT_SOURCE_UNAVAILABLE: network, throttling or any other source failure;
 * - CLIENT_BAD_VALUE: the source holds something the client cannot use
 *   (no current version, a file in an unknown layout, a signing key that is not a JWK);
 * - CLIENT_CLOSED: the client was closed.
 */
export type ClientErrorCode =
  | 'CLIENT_BAD_OPTIONS'
  | 'CLIENT_NOT_LOADED'
  | 'CLIENT_STALE'
  | 'CLIENT_NOT_FOUND'
  | 'CLIENT_ACCESS_DENIED'
  | 'CLIENT_SOURCE_UNAVAILABLE'
  | 'CLIENT_BAD_VALUE'
  | 'CLIENT_CLOSED';

export type ClientError = DocugenError<ClientErrorCode>;

export function clientError(
  code: ClientErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {},
): ClientError {
  return new DocugenError(code, message, options);
}

/** A source failure as a coded error: coded errors pass, anything else becomes CLIENT_SOURCE_UNAVAILABLE (name only, no message text). */
export function asClientError(err: unknown, secretId: string, step: string): DocugenError {
  if (err instanceof DocugenError) return err as DocugenError;
  const name = err instanceof Error ? err.name : 'unknown error';
  return clientError(
    'CLIENT_SOURCE_UNAVAILABLE',
    `secret "${secretId}": ${step} failed (${name}); serving the last value, retrying with backoff`,
    {
      cause: err,
      details: { secretId, step },
    },
  );
}
