/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace,
 * `undefined` members dropped. The hash chain is computed over this form, and
 * each audit line *is* this form, so any byte edit of a line is detectable
 * (a semantically neutral reformat is reported as malformed, not silently accepted).
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json | undefined };

export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly Json[]).map(canonicalJson).join(',')}]`;
  const obj = value as { readonly [k: string]: Json | undefined };
  const members = Object.keys(obj)
    .sort()
    .flatMap((k) => {
      const v = obj[k];
      return v === undefined ? [] : [`${JSON.stringify(k)}:${canonicalJson(v)}`];
    });
  return `{${members.join(',')}}`;
}
