/**
 * The JSON Web Key shapes the signing-key rotator stores and publishes, shared
 * by the rotation engine (which publishes the JWK set) and the service client
 * (which signs and verifies with it), so the public half is cut one way only.
 */

/** A private JWK as stored: kty, kid (RFC 7638 thumbprint) and alg, plus the key's own members. */
export interface PrivateJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly [member: string]: unknown;
}

/** A public JWK as published: only the allow-listed public members. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: 'sig';
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/**
 * The public half of a JWK by allow-list (kty, crv, x, y, n, e plus kid, alg,
 * use): private members (d, p, q, dp, dq, qi, oth, k) can never slip through,
 * whatever the stored key holds.
 */
export function publicJwk(key: PrivateJwk): PublicJwk {
  const out: Record<string, string> = {};
  for (const m of PUBLIC_MEMBERS) {
    const v = key[m];
    if (typeof v === 'string') out[m] = v;
  }
  return { ...out, kty: key.kty, kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * Parses a stored private JWK; undefined when the text is not JSON or lacks a
 * string kty, kid or alg. Callers raise their own coded error, which must name
 * the problem and never the content.
 */
export function parsePrivateJwk(text: string): PrivateJwk | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const k = parsed as Record<string, unknown>;
  return typeof k.kty === 'string' && typeof k.kid === 'string' && typeof k.alg === 'string'
    ? (k as unknown as PrivateJwk)
    : undefined;
}
