import { DocugenError } from '@docugen-secrets/core';

/**
 * The publisher's stable error codes. All are operational (exit 3): the
 * environment (git, the remote, GitHub) failed or kept moving, the run's own
 * work is intact and a rerun is safe.
 */
export type PublishErrorCode =
  /** A git command failed (not a push rejection): the checkout or the remote is not usable as is. */
  | 'PUBLISH_GIT_FAILED'
  /** The remote refused the push for a reason a rebase cannot fix (protected branch, hook, permissions). */
  | 'PUBLISH_PUSH_REFUSED'
  /** Every push attempt was overtaken by another push: the commit is kept locally, the next run pushes it. */
  | 'PUBLISH_PUSH_RACE'
  /** A change names a file that is not a SOPS file inside the checkout: never staged. */
  | 'PUBLISH_BAD_PATH'
  /** Opening or updating the rotation pull request failed. */
  | 'PUBLISH_PULL_REQUEST_FAILED';

export function publishError(
  code: PublishErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {},
): DocugenError<PublishErrorCode> {
  return new DocugenError<PublishErrorCode>(code, message, options);
}
