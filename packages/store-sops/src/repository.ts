import { createHash } from 'node:crypto';
import { DocugenError } from '@docugen-secrets/core';

export type RepositoryErrorCode =
  | 'REPO_GIT_FAILED'
  | 'REPO_PUSH_REJECTED'
  | 'REPO_PATH_OUTSIDE'
  /** A change left uncommitted by an interrupted run does not verify (torn, not what was recorded, or its MAC fails): never committed. */
  | 'REPO_UNCOMMITTED_INVALID'
  /** The change journal in the git directory cannot be read. */
  | 'REPO_JOURNAL_CORRUPT';

export function repositoryError(
  code: RepositoryErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {},
): DocugenError<RepositoryErrorCode> {
  return new DocugenError<RepositoryErrorCode>(code, message, options);
}

/**
 * A change as recorded before its file is written: which file, the SHA-256
 * (hex) of the content about to be written and the commit message of the
 * step. A run that stops between the write and the commit (or the push)
 * leaves it open, so that the next run can finish the step with its own
 * message instead of losing the commit.
 */
export interface ChangeIntent {
  readonly path: string;
  readonly sha256: string;
  readonly message: string;
}

/**
 * The repository port of the git-native store: where SOPS files are read,
 * written and committed. Paths are relative to the repository root and may
 * not leave it. A commit message never holds a value (only ids and steps).
 *
 * Writing is a two-phase step: `writeFile` first records the change's intent
 * durably (outside the working tree), then writes; `commit` of that path
 * completes it once committed and, when the repository pushes, pushed.
 */
export interface Repository {
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** The file's text in the last commit (HEAD), or undefined when it is not committed. */
  committedFile(path: string): Promise<string | undefined>;
  /**
   * Records the intent (path, content hash, `message`) durably, then writes
   * atomically: readers see the old or the new file, never half.
   */
  writeFile(path: string, content: string, message: string): Promise<void>;
  /**
   * Commits exactly `paths` (already written), pushes when configured, and
   * completes their open intents. With nothing to commit it returns the
   * current head, and still pushes when one of the paths had an open intent
   * (the run that committed it may have stopped before its push).
   */
  commit(message: string, paths: readonly string[]): Promise<string>;
  /** The intents recorded and not completed: each left by a run that stopped before its commit or push. */
  openIntents(): Promise<readonly ChangeIntent[]>;
  /** Forgets the intent of `path` (its write never happened). */
  dropIntent(path: string): Promise<void>;
}

/** The content hash an intent records: SHA-256 of the UTF-8 text, hex. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
