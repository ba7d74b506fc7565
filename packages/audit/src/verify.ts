import { canonicalJson, type Json } from './canonical.js';
import { GENESIS_HASH, recordHash } from './chain.js';
import type { AuditProblemCode } from './errors.js';
import type { AuditAnchor } from './event.js';
import { isPlainObject, recordProblems } from './record.js';

export interface AuditProblem {
  /** 1-based line number in the file (for AUDIT_TRUNCATED: the line after the last one). */
  readonly line: number;
  readonly code: AuditProblemCode;
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Number of non-empty lines read. */
  readonly lines: number;
  /** The last well-formed record's position: publish it to detect a later truncation. */
  readonly head?: AuditAnchor;
  readonly problems: readonly AuditProblem[];
}

export interface VerifyOptions {
  /**
   * A head published outside the log (job output, ticket, CloudWatch …). The
   * chain alone cannot reveal a removed tail; the anchor can: the record with
   * the anchor's `seq` must exist and carry the anchor's hash.
   */
  readonly anchor?: AuditAnchor;
}

interface Expected {
  seq: number;
  /** Undefined after a line that could not be read: the next line's `prev` cannot be checked. */
  prev: string | undefined;
}

/**
 * Verifies a JSONL audit log: every line is canonical JSON of a well-formed
 * record, its `hash` matches its content, `seq` counts up from 1 and `prev`
 * names the previous line's hash. An edited line gives AUDIT_HASH_MISMATCH on
 * that line; a deleted or moved line gives AUDIT_SEQ_GAP / AUDIT_CHAIN_BROKEN
 * where the chain breaks. Pure: reads only `text`. Messages never quote a line.
 */
export function verifyAuditLog(text: string, options: VerifyOptions = {}): AuditVerification {
  const problems: AuditProblem[] = [];
  const expected: Expected = { seq: 1, prev: GENESIS_HASH };
  const rawLines = text.split('\n');
  if (rawLines.at(-1) === '') rawLines.pop();
  else if (text !== '')
    problems.push({
      line: rawLines.length,
      code: 'AUDIT_MALFORMED',
      message: 'the last line has no newline: the log was cut mid-write or edited',
    });
  let head: AuditAnchor | undefined;
  let lines = 0;
  const seen = new Map<number, { hash: string; line: number }>();
  rawLines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    lines += 1;
    const rec = checkLine(raw, i + 1, expected, problems);
    if (!rec) return;
    seen.set(rec.seq, { hash: rec.hash, line: i + 1 });
    head = { seq: rec.seq, hash: rec.hash };
  });
  if (options.anchor) checkAnchor(options.anchor, seen, rawLines.length, problems);
  return { ok: problems.length === 0, lines, ...(head ? { head } : {}), problems };
}

function checkLine(
  raw: string,
  line: number,
  expected: Expected,
  problems: AuditProblem[],
): { seq: number; hash: string } | undefined {
  const add = (code: AuditProblemCode, message: string): void => {
    problems.push({ line, code, message });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    add('AUDIT_MALFORMED', 'not valid JSON');
    skip(expected, undefined);
    return undefined;
  }
  if (!isPlainObject(parsed)) {
    add('AUDIT_MALFORMED', 'not a JSON object');
    skip(expected, undefined);
    return undefined;
  }
  const shape = recordProblems(parsed);
  if (shape.length > 0) {
    add('AUDIT_MALFORMED', shape.join('; '));
    skip(expected, parsed['seq']);
    return undefined;
  }
  const seq = parsed['seq'] as number;
  const hash = parsed['hash'] as string;
  const prev = parsed['prev'] as string;
  if (canonicalJson(parsed as Json) !== raw) add('AUDIT_MALFORMED', 'line is not in canonical form (edited by hand?)');
  if (recordHash(parsed) !== hash)
    add('AUDIT_HASH_MISMATCH', `record seq ${seq} does not match its hash: the line was edited`);
  if (seq !== expected.seq)
    add('AUDIT_SEQ_GAP', `expected seq ${expected.seq}, found ${seq}: a line was deleted, inserted or moved`);
  if (expected.prev !== undefined && prev !== expected.prev)
    add('AUDIT_CHAIN_BROKEN', `"prev" does not match the hash of the previous line (seq ${expected.seq - 1})`);
  expected.seq = seq + 1;
  expected.prev = hash;
  return { seq, hash };
}

/**
 * Moves past a line that is not a readable record, so that the problem is
 * reported on that line alone and not again on the next one: the next line is
 * expected to follow the unreadable one's `seq` (its own, when it has one; else
 * one more) and its `prev` cannot be checked.
 */
function skip(expected: Expected, seq: unknown): void {
  expected.seq = (Number.isSafeInteger(seq) && (seq as number) >= 1 ? (seq as number) : expected.seq) + 1;
  expected.prev = undefined;
}

function checkAnchor(
  anchor: AuditAnchor,
  seen: ReadonlyMap<number, { hash: string; line: number }>,
  lineCount: number,
  problems: AuditProblem[],
): void {
  const found = seen.get(anchor.seq);
  if (found === undefined) {
    problems.push({
      line: lineCount + 1,
      code: 'AUDIT_TRUNCATED',
      message: `the anchor names seq ${anchor.seq}, which the log no longer holds: its tail was removed`,
    });
  } else if (found.hash !== anchor.hash) {
    problems.push({
      line: found.line,
      code: 'AUDIT_CHAIN_BROKEN',
      message: `record seq ${anchor.seq} does not carry the anchor's hash: the log was rewritten`,
    });
  }
}
