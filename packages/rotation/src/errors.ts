import { DocugenError } from '@docugen-secrets/core';

/** Stable codes of the rotation engine; tests assert these, never message text. */
export type RotationErrorCode =
  | 'ROTATION_NO_ROTATOR'
  | 'ROTATION_NO_STORE'
  | 'ROTATION_BAD_VALUE'
  | 'ROTATION_BAD_OPTIONS'
  | 'ROTATION_STATE_CONFLICT'
  | 'ROTATION_PROVIDER_NOT_CONFIGURED';

export type RotationError = DocugenError<RotationErrorCode>;

/** Builds a rotation error whose details always name the secret and, when known, the step. */
export function rotationError(
  code: RotationErrorCode,
  message: string,
  details: Record<string, string | number | boolean> = {},
  cause?: unknown,
): RotationError {
  return new DocugenError<RotationErrorCode>(code, message, { details, ...(cause === undefined ? {} : { cause }) });
}
