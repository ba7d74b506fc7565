import { copyFile } from 'node:fs/promises';
import { writeFileAtomic, type Clock } from '@docugen-secrets/core';
import { auditError } from './errors.js';
import type { Actor } from './event.js';
import { JsonlAuditLog } from './jsonl-log.js';
import { verifyAuditLog } from './verify.js';

/**
 * What `audit repair` would do to a log: nothing (`clean`), or cut it back
 * to the lines before the first problem — the later lines, valid or not,
 * cannot be chained onto what is kept, so they go to the backup only.
 */
export type RepairPlan =
  | { readonly kind: 'clean'; readonly lines: number }
  | {
      readonly kind: 'cut';
      /** 1-based line of the first problem: it and every later line are dropped. */
      readonly fromLine: number;
      readonly code: string;
      readonly keptLines: number;
      readonly droppedLines: number;
      readonly droppedBytes: number;
      /** The text kept (whole lines, newline-terminated). */
      readonly kept: string;
    };

/** Plans the repair of a log's text (pure): the first problem the verifier finds decides the cut. */
export function planRepair(text: string): RepairPlan {
  const v = verifyAuditLog(text);
  const rawLines = text.split('\n');
  const torn = text !== '' && !text.endsWith('\n');
  const all = torn ? rawLines.length : rawLines.length - 1;
  const first = [...v.problems].sort((a, b) => a.line - b.line)[0];
  if (first === undefined || first.line > all) return { kind: 'clean', lines: v.lines };
  const fromLine = first.line;
  const keptRaw = rawLines.slice(0, fromLine - 1);
  const kept = keptRaw.length === 0 ? '' : `${keptRaw.join('\n')}\n`;
  return {
    kind: 'cut',
    fromLine,
    code: first.code,
    keptLines: keptRaw.length,
    droppedLines: all - keptRaw.length,
    droppedBytes: Buffer.byteLength(text) - Buffer.byteLength(kept),
    kept,
  };
}

export interface RepairOptions {
  readonly backupPath: string;
  readonly clock: Clock;
  readonly actor: Actor;
}

/**
 * Applies a `cut` plan: copies the whole original to `backupPath` first
 * (mode kept, never overwriting an existing backup), writes the kept lines
 * atomically, then chains an `audit.repaired` event saying what was dropped
 * (line, counts, backup file name; no content of the dropped lines).
 */
export async function applyRepair(
  path: string,
  plan: Extract<RepairPlan, { kind: 'cut' }>,
  opts: RepairOptions,
): Promise<void> {
  try {
    await copyFile(path, opts.backupPath, 1); // COPYFILE_EXCL
    await writeFileAtomic(path, plan.kept, 0o640);
  } catch (err) {
    throw auditError('AUDIT_WRITE_FAILED', `cannot back up and rewrite audit log ${path}`, {
      cause: err,
      details: { path },
    });
  }
  const log = await JsonlAuditLog.open(path, { clock: opts.clock, actor: opts.actor });
  await log.append({
    at: opts.clock.now().toISOString(),
    actor: opts.actor,
    action: 'audit.repaired',
    secretId: '',
    outcome: 'success',
    details: {
      reason: plan.code,
      fromLine: plan.fromLine,
      droppedLines: plan.droppedLines,
      droppedBytes: plan.droppedBytes,
      backup: opts.backupPath.split('/').at(-1) ?? '',
    },
  });
}
