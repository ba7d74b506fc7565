import { DocugenError } from '@docugen-secrets/core';

/**
 * A GitHub REST failure of one request, answered as GitHub answers it: the
 * status and a `{message, documentation_url, errors?, status}` body
 * (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
 * `code` names the kind, stable for tests; the wire carries only status and body.
 */
export type GitHubApiErrorCode =
  | 'GH_BAD_REQUEST'
  | 'GH_UNAUTHORIZED'
  | 'GH_FORBIDDEN'
  | 'GH_NOT_FOUND'
  | 'GH_CONFLICT'
  | 'GH_VALIDATION_FAILED'
  | 'GH_RATE_LIMITED'
  | 'GH_SECONDARY_RATE_LIMITED'
  | 'GH_SERVER_ERROR';

/** One entry of a 422 body's `errors` (GitHub: resource, field, code, optional message). */
export interface ValidationDetail {
  readonly resource: string;
  readonly code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  readonly field?: string;
  readonly message?: string;
}

export class GitHubApiError extends DocugenError<GitHubApiErrorCode> {
  constructor(
    code: GitHubApiErrorCode,
    readonly status: number,
    message: string,
    readonly errors: readonly ValidationDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, { details: { status } });
  }
}

export function isGitHubApiError(err: unknown): err is GitHubApiError {
  return err instanceof GitHubApiError;
}

export const notFound = (): GitHubApiError => new GitHubApiError('GH_NOT_FOUND', 404, 'Not Found');

export function validationFailed(...errors: ValidationDetail[]): GitHubApiError {
  return new GitHubApiError('GH_VALIDATION_FAILED', 422, 'Validation Failed', errors);
}

/** Codes of this package's own (non-protocol) failures. */
export type GitHubServerErrorCode =
  'GH_SERVER_STATE_INVALID' | 'GH_SERVER_STATE_IO' | 'GH_SERVER_FAULT_SPEC' | 'GH_SERVER_OPTIONS' | 'GH_SERVER_OPENAPI';

export function serverError(
  code: GitHubServerErrorCode,
  message: string,
  cause?: unknown,
): DocugenError<GitHubServerErrorCode> {
  return new DocugenError<GitHubServerErrorCode>(code, message, cause === undefined ? {} : { cause });
}
