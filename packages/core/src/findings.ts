/** How bad a finding is; `error` fails a check by default. */
export type Severity = 'error' | 'warning' | 'note';

/** 1-based line and column, as editors and GitHub annotations count them. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * One problem found in one file: schema errors, policy violations and leak
 * matches all share this shape so every report format handles them alike.
 * A finding never carries a secret value.
 */
export interface Finding {
  /** Stable id: an error code (MANIFEST_UNKNOWN_FIELD) or a rule id (SM001). */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Path as given by the user / relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
  /** JSON-pointer-like path of the offending node, e.g. `/rotation/cadence`. */
  readonly path?: string;
  /** Manifest id, when known. */
  readonly secretId?: string;
}

export const ORIGIN: Position = Object.freeze({ line: 1, col: 1 });

/** Orders findings by file, then line, then column, then rule id (stable output for goldens). */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.start.line - b.start.line || a.start.col - b.start.col || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
