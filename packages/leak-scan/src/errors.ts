import { DocugenError } from '@docugen-secrets/core';

/** Stable codes of the errors this package throws (allowlist problems are returned, not thrown). */
export type LeakScanErrorCode = 'LEAK_PATH_NOT_FOUND' | 'LEAK_GIT_FAILED' | 'LEAK_READ_FAILED';

export function leakError(code: LeakScanErrorCode, message: string, cause?: unknown): DocugenError<LeakScanErrorCode> {
  return new DocugenError<LeakScanErrorCode>(code, message, cause === undefined ? {} : { cause });
}
