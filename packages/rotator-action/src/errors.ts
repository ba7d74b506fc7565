import { DocugenError } from '@docugen-secrets/core';

/**
 * The action's error codes. `ACTION_INPUT`: an input is missing, malformed or
 * contradicts another (a usage error: fix the workflow); `ACTION_OUTPUT`: the
 * runner's files (GITHUB_OUTPUT, the report, the restart ledger's folder)
 * could not be written.
 */
export type ActionErrorCode = 'ACTION_INPUT' | 'ACTION_OUTPUT';

/** A usage error naming the input and what to write instead. */
export function inputError(input: string, message: string): DocugenError<ActionErrorCode> {
  return new DocugenError<ActionErrorCode>('ACTION_INPUT', `input "${input}": ${message}`, { details: { input } });
}
