import { DocugenError } from '@docugen-secrets/core';

/**
 * - ALERTS_INPUT: an outcomes or drift file is malformed (usage);
 * - ALERTS_TRACKER_BUDGET: GitHub's rate limit is exhausted: the sync stops and the next run finishes;
 * - ALERTS_TRACKER_FAILED: a GitHub call failed after its retries;
 * - ALERTS_INCOMPLETE: the sync stopped with actions not done (reported; the next run finishes them);
 * - ALERTS_EVENT_FAILED: an incident event could not be delivered (reported, never fails the sync).
 */
export type AlertsErrorCode =
  'ALERTS_INPUT' | 'ALERTS_TRACKER_BUDGET' | 'ALERTS_TRACKER_FAILED' | 'ALERTS_INCOMPLETE' | 'ALERTS_EVENT_FAILED';

export type AlertsError = DocugenError<AlertsErrorCode>;

export function alertsError(
  code: AlertsErrorCode,
  message: string,
  details: Record<string, string | number | boolean> = {},
  cause?: unknown,
): AlertsError {
  return new DocugenError<AlertsErrorCode>(code, message, { details, ...(cause === undefined ? {} : { cause }) });
}
