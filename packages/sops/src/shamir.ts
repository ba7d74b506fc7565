import type { RandomSource } from '@docugen-secrets/core';

/**
 * Shamir secret sharing over GF(2^8) with the AES polynomial, byte-compatible
 * with HashiCorp Vault's implementation that sops uses for key groups: a
 * share is the y-values of every secret byte followed by one x-coordinate byte.
 */

function mul(a: number, b: number): number {
  let r = 0;
  let x = a;
  let y = b;
  while (y > 0) {
    if (y & 1) r ^= x;
    x = (x << 1) ^ (x & 0x80 ? 0x11b : 0);
    y >>= 1;
  }
  return r & 0xff;
}

function inv(a: number): number {
  // a^254 = a^-1 in GF(2^8)
  let r = 1;
  let base = a;
  for (let e = 254; e > 0; e >>= 1) {
    if (e & 1) r = mul(r, base);
    base = mul(base, base);
  }
  return r;
}

/** Lagrange interpolation at x = 0. */
function interpolateAtZero(xs: readonly number[], ys: readonly number[]): number {
  let result = 0;
  for (let i = 0; i < xs.length; i++) {
    let basis = 1;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      const xj = xs[j] ?? 0;
      basis = mul(basis, mul(xj, inv(xj ^ (xs[i] ?? 0))));
    }
    result ^= mul(ys[i] ?? 0, basis);
  }
  return result;
}

/** Recombines shares (each secretLength + 1 bytes). Throws RangeError on inconsistent shares. */
export function combineShares(shares: readonly Uint8Array[]): Uint8Array {
  const first = shares[0];
  if (!first || first.length < 2 || shares.length < 2) throw new RangeError('need at least two shares');
  const len = first.length - 1;
  const xs = shares.map((s) => {
    if (s.length !== first.length) throw new RangeError('shares have different lengths');
    return s[len] ?? 0;
  });
  if (new Set(xs).size !== xs.length || xs.includes(0)) throw new RangeError('duplicate or zero share coordinates');
  const out = new Uint8Array(len);
  for (let b = 0; b < len; b++)
    out[b] = interpolateAtZero(
      xs,
      shares.map((s) => s[b] ?? 0),
    );
  return out;
}

/** Splits a secret into `parts` shares, any `threshold` of which recombine it. */
export function splitSecret(secret: Uint8Array, parts: number, threshold: number, random: RandomSource): Uint8Array[] {
  if (threshold < 2 || parts < threshold || parts > 255) throw new RangeError('invalid Shamir parameters');
  const xs: number[] = [];
  while (xs.length < parts) {
    const x = ((random.bytes(1)[0] ?? 0) % 255) + 1;
    if (!xs.includes(x)) xs.push(x);
  }
  const shares = xs.map((x) => {
    const s = new Uint8Array(secret.length + 1);
    s[secret.length] = x;
    return s;
  });
  secret.forEach((byte, b) => {
    const coeffs = [byte, ...random.bytes(threshold - 1)];
    xs.forEach((x, p) => {
      let y = 0;
      for (let k = coeffs.length - 1; k >= 0; k--) y = mul(y, x) ^ (coeffs[k] ?? 0);
      const share = shares[p];
      if (share) share[b] = y;
    });
  });
  return shares;
}
