import { DocugenError } from '@docugen-secrets/core';

/**
 * - EMULATOR_NOT_STARTED: a running emulator's URL was asked for before `start()`.
 * - EMULATOR_STATE_INVALID: a state file is not JSON or not of the expected format/version.
 * - EMULATOR_STATE_IO: a state file could not be read or written.
 */
export type EmulatorErrorCode = 'EMULATOR_NOT_STARTED' | 'EMULATOR_STATE_INVALID' | 'EMULATOR_STATE_IO';

export type EmulatorError = DocugenError<EmulatorErrorCode>;

export function emulatorError(
  code: EmulatorErrorCode,
  message: string,
  details: Record<string, string | number | boolean> = {},
  cause?: unknown,
): EmulatorError {
  return new DocugenError<EmulatorErrorCode>(code, message, { details, ...(cause === undefined ? {} : { cause }) });
}
