import { contentHash, repositoryError, type Repository } from './repository.js';

/** A change an interrupted run had written and not committed (or pushed), finished now. */
export interface RecoveredChange {
  readonly path: string;
  /** The commit message of the step it belongs to, as recorded before the write. */
  readonly message: string;
}

/** Checks that a written file is a whole, valid store file (decrypts, MAC verifies, layout reads); throws otherwise. */
export type VerifyFile = (path: string, text: string) => Promise<void>;

/**
 * Finishes the changes an interrupted run left between its write and its
 * commit, from the repository's open intents:
 * - the file holds exactly the recorded content: verify it, then commit it
 *   with the step's own message (and push) — the commit that would have been
 *   lost, since a rerun sees the step as done and writes nothing;
 * - the file still holds the committed content: the write never happened;
 *   forget the intent (the rerun makes the step as usual);
 * - anything else (a torn or edited file, or one that does not verify): a
 *   REPO_UNCOMMITTED_INVALID error; nothing is committed and the file is
 *   left for a person to inspect.
 */
export async function finishInterruptedChanges(repo: Repository, verify: VerifyFile): Promise<RecoveredChange[]> {
  const done: RecoveredChange[] = [];
  for (const intent of await repo.openIntents()) {
    const text = await repo.readFile(intent.path);
    if (text !== undefined && contentHash(text) === intent.sha256) {
      await verify(intent.path, text).catch((err: unknown) => {
        throw invalid(intent.path, intent.message, 'it does not verify', err);
      });
      await repo.commit(intent.message, [intent.path]);
      done.push({ path: intent.path, message: intent.message });
    } else if (text === (await repo.committedFile(intent.path))) {
      await repo.dropIntent(intent.path);
    } else {
      throw invalid(
        intent.path,
        intent.message,
        text === undefined ? 'the file is missing' : 'the file is not the content that was written',
      );
    }
  }
  return done;
}

function invalid(path: string, message: string, why: string, cause?: unknown): Error {
  const step = message.split('\n')[0] ?? '';
  return repositoryError(
    'REPO_UNCOMMITTED_INVALID',
    `${path} was left uncommitted by an interrupted run (step "${step}") and ${why}, so it was not committed: inspect it (git diff), then restore it with "git checkout -- ${path}" and rerun`,
    { ...(cause === undefined ? {} : { cause }), details: { file: path, step } },
  );
}
