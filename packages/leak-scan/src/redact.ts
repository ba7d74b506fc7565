/**
 * `AKIA…(20 chars)`: the format's public prefix (when the rule knows one and
 * it is under half the value), an ellipsis and the length. The rest of the
 * value is never shown, in any output format.
 */
export function redact(secret: string, publicPrefix?: RegExp): string {
  const shown = publicPrefix?.exec(secret)?.[0] ?? '';
  const safe = shown.length * 2 < secret.length ? shown : '';
  return `${safe}…(${secret.length} chars)`;
}
