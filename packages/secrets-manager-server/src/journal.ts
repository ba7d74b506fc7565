import { createHash } from 'node:crypto';
import { serverError } from './errors.js';
import type { SecretRecord } from './model.js';
import { checkSecret } from './state-schema.js';
import type { StateChange } from './table.js';

/**
 * The state file's journal (`<state file>.journal`, JSON lines, mode 0600:
 * it holds values like the state file). Between two full saves of the
 * state, each group of writes appends the records of the secrets it
 * changed (`{"put": record}`) or removed (`{"remove": name}`) and syncs, so
 * acknowledging a write costs the change, not the whole state. The header
 * line names the SHA-256 of the state file the journal continues: after the
 * next full save the journal no longer matches and is ignored, so a crash
 * between that save and the journal's removal loses nothing and replays
 * nothing twice. A last line without its newline is a write that was never
 * acknowledged (the crash came first) and is left out.
 */
export const JOURNAL_FORMAT = 'docugen-secrets/secrets-manager-server-journal';

export function journalPathOf(statePath: string): string {
  return `${statePath}.journal`;
}

/** What a journal header names: the state file text it continues. */
export function baseOf(stateText: string): string {
  return createHash('sha256').update(stateText).digest('hex');
}

export function journalHeader(base: string): string {
  return `${JSON.stringify({ format: JOURNAL_FORMAT, base })}\n`;
}

export function journalLine(change: StateChange): string {
  return `${JSON.stringify(change.kind === 'put' ? { put: change.secret } : { remove: change.name })}\n`;
}

type Entry = { readonly put: SecretRecord } | { readonly remove: string };

function parseEntry(line: string, where: string): Entry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw serverError(
      'SM_SERVER_STATE_INVALID',
      `${where} is not JSON; remove the journal to go back to the state file alone`,
      err,
    );
  }
  const rec = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof rec['remove'] === 'string') return { remove: rec['remove'] };
  const problems: string[] = [];
  checkSecret(problems, rec['put'], `${where}.put`);
  if (problems.length > 0)
    throw serverError('SM_SERVER_STATE_INVALID', `${where} is not a journal entry: ${problems.slice(0, 5).join('; ')}`);
  return { put: rec['put'] as SecretRecord };
}

function headerBase(line: string | undefined): string | undefined {
  try {
    const h = JSON.parse(line ?? '') as { format?: unknown; base?: unknown };
    return h.format === JOURNAL_FORMAT && typeof h.base === 'string' ? h.base : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies a journal to the secrets of the state file it continues (`base`):
 * a put replaces the secret of that name in place or appends it (creation
 * order), a remove deletes it. A journal of another state file changes nothing.
 */
export function replayJournal(
  text: string,
  base: string,
  secrets: readonly SecretRecord[],
  path: string,
): SecretRecord[] {
  const lines = text.split('\n').slice(0, -1); // the part after the last newline was never acknowledged
  if (headerBase(lines[0]) !== base) return [...secrets];
  const byName = new Map(secrets.map((s) => [s.name, s]));
  lines.slice(1).forEach((line, i) => {
    const entry = parseEntry(line, `${path}:${i + 2}`);
    if ('remove' in entry) byName.delete(entry.remove);
    else byName.set(entry.put.name, entry.put);
  });
  return [...byName.values()];
}
