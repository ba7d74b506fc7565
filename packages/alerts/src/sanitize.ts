/**
 * Untrusted text (provider messages, drift messages, ids from files) on its
 * way into an issue, a comment or an incident event. Provider error bodies can
 * echo credentials, so anything that looks like a token is redacted — a run
 * of 16+ token characters with a digit or an upper-case letter after its
 * first character — and markup that could ping people or inject HTML is
 * neutralised. The result fits in one line of a code span.
 */
const TOKENISH = /[A-Za-z0-9+/=_.~-]{16,}/g;
const MAX_MESSAGE = 300;

function looksLikeToken(word: string): boolean {
  return /[0-9A-Z]/.test(word.slice(1));
}

/** Redacts token-like runs, strips control characters, backticks and markup; bounded length. */
export function sanitizeMessage(text: string): string {
  const flat = text
    .replace(/\p{Cc}+|[\u2028\u2029]+/gu, ' ')
    .replace(/[`<>]/g, "'")
    .replace(/:\/\/[^\s/@]*@/g, '://[redacted]@')
    .replace(TOKENISH, (w) => (looksLikeToken(w) ? '[redacted]' : w))
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

/** A stable error code: upper-case letters, digits and underscores only, else `UNKNOWN`. */
export function sanitizeCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'UNKNOWN';
}

/** A manifest-like identifier (secret id, step): kept when it is one, else replaced. */
export function sanitizeId(id: string, fallback = 'unknown'): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id) ? id : fallback;
}

/** A GitHub handle or team (`@org/team`, `@user`): kept when it is one, else dropped. */
export function sanitizeHandle(handle: string): string | undefined {
  const h = handle.startsWith('@') ? handle : `@${handle}`;
  return /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$/.test(h) ? h : undefined;
}

/** An http(s) URL without credentials, else undefined. */
export function sanitizeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    if (
      (u.protocol !== 'https:' && u.protocol !== 'http:') ||
      u.username !== '' ||
      u.password !== '' ||
      u.search !== ''
    )
      return undefined;
    return /[\s()<>`]/.test(u.href) ? undefined : u.href;
  } catch {
    return undefined;
  }
}
