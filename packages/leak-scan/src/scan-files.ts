import { compareFindings, mapLimit } from '@docugen-secrets/core';
import { EMPTY_ALLOWLIST, type AllowlistMatcher } from './allowlist-match.js';
import { leakError } from './errors.js';
import type { LeakFinding, SkippedFile, SkipReason } from './finding.js';
import type { ScanIo, ScanMode } from './io.js';
import { DEFAULT_EXCLUDED_PATHS } from './rules/global.js';
import type { LeakRule } from './rules/define.js';
import { looksBinary } from './binary.js';
import { leftoverFindings } from './leftovers.js';
import { pathFindings, scanTextDetailed } from './scan-text.js';
import { expandPaths, underPaths } from './select-files.js';

/** Files above this size are skipped with a note (gitleaks has no default cap; secrets live in small text files). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
const READ_CONCURRENCY = 16;

export interface ScanFilesOptions {
  /** Default `{ kind: 'worktree' }`. */
  readonly mode?: ScanMode;
  readonly allowlist?: AllowlistMatcher;
  readonly maxFileBytes?: number;
  readonly rules?: readonly LeakRule[];
  readonly prefilter?: boolean;
}

export interface ScanResult {
  /** Sorted by file, then position. */
  readonly findings: readonly LeakFinding[];
  /** Files not scanned, with why (binary, too large, allowlisted path, default exclusion, unreadable). */
  readonly skipped: readonly SkippedFile[];
  readonly filesScanned: number;
  readonly bytesScanned: number;
  /** Findings an allowlist entry covered. */
  readonly allowlisted: number;
}

interface Target {
  readonly file: string;
  readonly lines?: ReadonlySet<number>;
}

async function selectTargets(paths: readonly string[], io: ScanIo, mode: ScanMode): Promise<Target[]> {
  if (mode.kind === 'worktree') {
    const files = paths.length > 0 ? await expandPaths(io, paths) : underPaths(await io.listTracked(), []);
    return files.map((file) => ({ file }));
  }
  const added = await io.addedLines(mode);
  return underPaths(added.keys(), paths).map((file) => ({ file, lines: new Set(added.get(file)) }));
}

type Loaded =
  | { readonly kind: 'text'; readonly text: string; readonly bytes: number }
  | { readonly kind: 'skip'; readonly reason: SkipReason };

async function load(io: ScanIo, mode: ScanMode, file: string, maxBytes: number): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    if (mode.kind === 'staged') bytes = await io.readStaged(file);
    else {
      const st = await io.stat(file);
      if (st.kind !== 'file') return { kind: 'skip', reason: 'unreadable' };
      if (st.size > maxBytes) return { kind: 'skip', reason: 'too-large' };
      bytes = await io.readFile(file);
    }
  } catch (err) {
    throw leakError('LEAK_READ_FAILED', `${file}: cannot read the file`, err);
  }
  if (bytes.length > maxBytes) return { kind: 'skip', reason: 'too-large' };
  if (looksBinary(bytes)) return { kind: 'skip', reason: 'binary' };
  return { kind: 'text', text: new TextDecoder().decode(bytes), bytes: bytes.length };
}

/**
 * Scans files through the I/O port: selects them by mode (paths / all
 * tracked, staged, diff against a base), skips excluded, allowlisted,
 * binary (`looksBinary`: not a text file with a stray NUL) and oversized
 * files with a note, and runs `scanText` on the rest. Temp files of
 * interrupted atomic writes are findings of their own (`leftovers.ts`),
 * untracked ones included. Git and file errors are thrown as `DocugenError`s.
 */
export async function scanFiles(
  paths: readonly string[],
  io: ScanIo,
  options: ScanFilesOptions = {},
): Promise<ScanResult> {
  const mode = options.mode ?? { kind: 'worktree' };
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const skipped: SkippedFile[] = [];
  const todo: Target[] = [];
  const targets = await selectTargets(paths, io, mode);
  // Untracked files are not scanned by default, but a leftover temp file among them is one `git add -A` away.
  const untracked = mode.kind === 'worktree' && paths.length === 0 ? await io.listUntracked() : [];
  const leftovers = leftoverFindings(
    [...targets.map((t) => t.file), ...untracked].filter((f) => !allowlist.skipsFile(f)),
  );
  for (const t of targets) {
    if (DEFAULT_EXCLUDED_PATHS.some((r) => r.test(t.file))) skipped.push({ file: t.file, reason: 'default-excluded' });
    else if (allowlist.skipsFile(t.file)) skipped.push({ file: t.file, reason: 'allowlisted-path' });
    else todo.push(t);
  }
  const loaded = await mapLimit(todo, READ_CONCURRENCY, (t) => load(io, mode, t.file, maxBytes));
  const findings: LeakFinding[] = [...leftovers];
  let filesScanned = 0;
  let bytesScanned = 0;
  let allowlisted = 0;
  todo.forEach((t, i) => {
    const l = loaded[i];
    if (l === undefined) return;
    if (l.kind === 'skip') {
      skipped.push({ file: t.file, reason: l.reason });
      // Path-only rules (PKCS#12 files) need no content: a binary key store is still reported.
      const byPath = pathFindings(t.file, options.rules);
      const kept = byPath.filter((f) => allowlist.allows(f) === undefined);
      findings.push(...kept);
      allowlisted += byPath.length - kept.length;
      return;
    }
    const r = scanTextDetailed(l.text, t.file, { allowlist, ...(t.lines && { lines: t.lines }), ...pick(options) });
    findings.push(...r.findings);
    allowlisted += r.allowlisted;
    filesScanned++;
    bytesScanned += l.bytes;
  });
  findings.sort(compareFindings);
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { findings, skipped, filesScanned, bytesScanned, allowlisted };
}

function pick(o: ScanFilesOptions): { rules?: readonly LeakRule[]; prefilter?: boolean } {
  return { ...(o.rules && { rules: o.rules }), ...(o.prefilter !== undefined && { prefilter: o.prefilter }) };
}
