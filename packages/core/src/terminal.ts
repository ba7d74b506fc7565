/**
 * Characters that change what a terminal or a CI log shows rather than being
 * shown: C0/C1 controls (newline, ESC, CSI …), DEL, the Unicode line/paragraph
 * separators and the bidirectional overrides/isolates ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Makes untrusted text (a manifest key, a file name, a provider's error
 * message) safe to print on a terminal or in a CI log, wherever on a line it
 * lands: every control character becomes a visible `\uXXXX` escape (so it can
 * neither end the line nor drive the terminal), a leading `::` (a GitHub
 * workflow command once the text starts a line, even after blanks) gets its
 * first colon escaped, and `##[` (the runner's legacy command syntax, matched
 * anywhere on a line) is broken the same way. Idempotent on its own output
 * apart from the backslashes it adds; apply it once, where text is formatted.
 */
export function escapeTerminal(text: string): string {
  return text
    .replace(INVISIBLE, visible)
    .replace(/^(\s*):(?=:)/, '$1\\u003a')
    .replace(/##\[/g, '#\\u0023[');
}

/**
 * JSON text with the characters `JSON.stringify` leaves raw (DEL, C1
 * controls, line separators, bidi controls) written as `\uXXXX` escapes:
 * the same JSON value, but safe to print. Outside strings JSON has no such
 * characters, so the replacement only ever lands inside a string; `##[`
 * (only possible inside a string too) becomes `#\u0023[` for the same reason
 * as in `escapeTerminal`. A JSON line never starts with `::`.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, visible).replace(/##\[/g, '#\\u0023[');
}
