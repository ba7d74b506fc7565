import { DocugenError } from '@docugen-secrets/core';

/**
 * Stable codes of the reload-hook adapters. Messages name the trigger,
 * repository or endpoint host and the HTTP status; never a response body or
 * the webhook secret.
 */
export type ReloadHooksErrorCode =
  | 'RELOAD_DISPATCH_FAILED'
  | 'RELOAD_WEBHOOK_FAILED'
  | 'RELOAD_WEBHOOK_NO_SECRET'
  | 'RELOAD_LEDGER_IO'
  | 'RELOAD_LEDGER_INVALID';

export type ReloadHooksError = DocugenError<ReloadHooksErrorCode>;

export function reloadError(
  code: ReloadHooksErrorCode,
  message: string,
  details: Record<string, string | number | boolean> = {},
  cause?: unknown,
): ReloadHooksError {
  return new DocugenError<ReloadHooksErrorCode>(code, message, {
    details,
    ...(cause === undefined ? {} : { cause }),
  });
}
