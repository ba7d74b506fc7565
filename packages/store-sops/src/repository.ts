import { DocugenError } from '@docugen-secrets/core';

export type RepositoryErrorCode = 'REPO_GIT_FAILED' | 'REPO_PUSH_REJECTED' | 'REPO_PATH_OUTSIDE';

export function repositoryError(code: RepositoryErrorCode, message: string, options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {}): DocugenError<RepositoryErrorCode> {
  return new DocugenError<RepositoryErrorCode>(code, message, options);
}

/**
 * The repository port of the git-native store: where SOPS files are read,
 * written and committed. Paths are relative to the repository root and may
 * not leave it. A commit message never holds a value (only ids and steps).
 */
export interface Repository {
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Writes atomically: readers see the old or the new file, never half. */
  writeFile(path: string, content: string): Promise<void>;
  /** Commits exactly `paths` (already written) and returns the commit id; a no-change commit returns the current head. */
  commit(message: string, paths: readonly string[]): Promise<string>;
}
