/**
 * The offset of the first flow collection opened deeper than `max` levels
 * (`[[[…`, `{a: {b: {…`), or undefined. A linear scan of the text, so that
 * hostile nesting (5,000 levels) is reported with a position instead of
 * overflowing the YAML parser's recursion. Quoted scalars and comments are
 * skipped; block nesting needs quadratic text per level and stays shallow
 * within the size limit (the parser call is guarded as well).
 */
export function flowDepthExceeded(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) i = skipTo(text, i, '\n');
    else if (c === '"') i = skipQuoted(text, i, '"');
    else if (c === "'" && depth > 0) i = skipQuoted(text, i, "'");
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > max) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

function skipTo(text: string, from: number, stop: string): number {
  const at = text.indexOf(stop, from + 1);
  return at === -1 ? text.length : at;
}

/** The index of the closing quote (`\\"` escapes in double quotes, `''` in single ones). */
function skipQuoted(text: string, from: number, quote: string): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}
