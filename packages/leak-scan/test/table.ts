import type { LeakFinding } from '../src/index.js';

/** One row of a rule's table: a text and, for hits, the exact value that must be reported. */
export interface Row {
  readonly name: string;
  readonly text: string;
  readonly secret?: string;
  readonly file?: string;
}

export const hit = (name: string, text: string, secret: string): Row => ({ name, text, secret });
export const miss = (name: string, text: string, file?: string): Row => ({
  name,
  text,
  ...(file !== undefined && { file }),
});

/** The text a finding's [start, end) span covers. */
export function spanText(text: string, f: LeakFinding): string {
  const lines = text.split('\n');
  const offset = (line: number, col: number): number =>
    lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  return text.slice(offset(f.start.line, f.start.col), offset(f.end.line, f.end.col));
}
