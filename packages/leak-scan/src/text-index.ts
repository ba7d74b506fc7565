import type { Position } from './finding.js';

/**
 * Offsets → 1-based line/column, built once per text and only when a
 * candidate exists (most files have none).
 */
export class TextIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, col: offset - (this.starts[line] ?? 0) + 1 };
  }

  /** The full text of the lines spanned by [from, to). */
  linesAround(from: number, to: number): string {
    const first = this.starts[this.lineOf(from)] ?? 0;
    const lastLine = this.lineOf(Math.max(from, to - 1));
    const next = this.starts[lastLine + 1];
    return this.text.slice(first, next === undefined ? this.text.length : next - 1);
  }
}
