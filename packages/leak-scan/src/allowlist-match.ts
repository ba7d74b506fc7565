import picomatch from 'picomatch';
import type { AllowlistEntry } from './allowlist.js';
import type { LeakFinding } from './finding.js';

/** Decides which files and findings the allowlist file covers. */
export interface AllowlistMatcher {
  /** The path-only entry that covers a whole file (it is then not even read), if any. */
  skipsFile(file: string): AllowlistEntry | undefined;
  /** The first entry whose every matcher fits the finding, if any. */
  allows(finding: LeakFinding): AllowlistEntry | undefined;
}

interface Compiled {
  readonly entry: AllowlistEntry;
  readonly path: ((file: string) => boolean) | undefined;
}

/** Compiles validated entries (from `loadAllowlist`) into a matcher. Globs match with `dot: true`. */
export function compileAllowlist(entries: readonly AllowlistEntry[]): AllowlistMatcher {
  const compiled: Compiled[] = entries.map((entry) => ({
    entry,
    path: entry.path === undefined ? undefined : picomatch(entry.path, { dot: true }),
  }));
  const pathOnly = compiled.filter((c) => c.entry.rule === undefined && c.entry.fingerprint === undefined);
  return {
    skipsFile: (file) => pathOnly.find((c) => c.path?.(file) === true)?.entry,
    allows: (f) =>
      compiled.find(
        (c) =>
          (c.path === undefined || c.path(f.file)) &&
          (c.entry.rule === undefined || c.entry.rule === f.ruleId) &&
          (c.entry.fingerprint === undefined || c.entry.fingerprint === f.fingerprint),
      )?.entry,
  };
}

/** A matcher that allows nothing. */
export const EMPTY_ALLOWLIST: AllowlistMatcher = compileAllowlist([]);
