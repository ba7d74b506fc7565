import { readFile } from 'node:fs/promises';
import { describeError, writeFileAtomic } from '@docugen-secrets/core';
import { serverError } from './errors.js';
import { baseOf, journalPathOf, replayJournal } from './journal.js';
import type { StateData } from './model.js';
import { validateStateData } from './state-schema.js';

/**
 * The state file of a local server (`--state FILE`). It holds secret values in
 * clear (it is a local development stand-in for AWS), so it is written with
 * mode 0600, atomically (temp file + fsync + rename + folder fsync: a crash
 * leaves the old or the new file, never half of one), and a write request is
 * answered only after the save that holds it (see StateSaver): a full save
 * of the state now and then, and between two, its journal (journal.ts).
 */
export const STATE_FORMAT = 'docugen-secrets/secrets-manager-server-state';
export const STATE_VERSION = 1;
export const STATE_MODE = 0o600;

interface StateFile {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  secrets: StateData['secrets'];
}

async function readIfAny(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw serverError('SM_SERVER_STATE_IO', `cannot read state file ${path}: ${describeError(err)}`, err);
  }
}

/** Loads a state file and replays its journal; a missing file is an empty state. */
export async function loadState(path: string): Promise<StateData> {
  const text = await readIfAny(path);
  if (text === undefined) return { secrets: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw serverError('SM_SERVER_STATE_INVALID', `state file ${path} is not JSON; fix or remove it`, err);
  }
  const problems = validateStateData(parsed, STATE_FORMAT, STATE_VERSION);
  if (problems.length > 0) {
    throw serverError(
      'SM_SERVER_STATE_INVALID',
      `state file ${path} is not a ${STATE_FORMAT} v${STATE_VERSION} file: ${problems.slice(0, 5).join('; ')}`,
    );
  }
  const secrets = (parsed as StateFile).secrets;
  const journalPath = journalPathOf(path);
  const journal = await readIfAny(journalPath);
  return { secrets: journal === undefined ? secrets : replayJournal(journal, baseOf(text), secrets, journalPath) };
}

/** The text of a state file holding `data`. */
export function stateText(data: StateData): string {
  const file: StateFile = { format: STATE_FORMAT, version: STATE_VERSION, secrets: data.secrets };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Saves the whole state (a journal beside it no longer matches and is ignored). */
export async function saveState(path: string, data: StateData): Promise<void> {
  try {
    await writeFileAtomic(path, stateText(data), STATE_MODE);
  } catch (err) {
    throw serverError('SM_SERVER_STATE_IO', `cannot write state file ${path}: ${describeError(err)}`, err);
  }
}
