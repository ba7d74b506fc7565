import { open } from 'node:fs/promises';
import { auditError } from './errors.js';

/** What opening a log dropped: the bytes of an incomplete final line, and that line's number. */
export interface TornTail {
  readonly droppedBytes: number;
  /** 1-based line number the partial line had. */
  readonly line: number;
}

/** The text up to the last newline, and the torn tail after it (undefined when the text ends with one). */
export function splitTornTail(text: string): { kept: string; tail?: TornTail } {
  if (text === '' || text.endsWith('\n')) return { kept: text };
  const cut = text.lastIndexOf('\n') + 1;
  const kept = text.slice(0, cut);
  const line = kept === '' ? 1 : kept.split('\n').length;
  return { kept, tail: { droppedBytes: Buffer.byteLength(text) - Buffer.byteLength(kept), line } };
}

/**
 * Cuts the file back to `keptBytes` (the end of its last whole line) and
 * fsyncs, so the next append starts on a line of its own. Only a torn tail
 * is ever cut: an append writes one line and fsyncs before it is
 * acknowledged, so an incomplete final line is an append that never was.
 */
export async function truncateTornTail(path: string, keptBytes: number): Promise<void> {
  try {
    const fh = await open(path, 'r+');
    try {
      await fh.truncate(keptBytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw auditError('AUDIT_WRITE_FAILED', `cannot cut the torn last line of audit log ${path}`, {
      cause: err,
      details: { path },
    });
  }
}
