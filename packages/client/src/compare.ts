import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientValue } from './source.js';

function digest(bytes: Uint8Array | string): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function bytesOf(v: ClientValue): Uint8Array | string {
  return v.value;
}

/**
 * Whether `presented` equals any of `candidates`, in time that depends on
 * neither the values nor which one matched: both sides are hashed to 32
 * bytes (no length leak), compared with `timingSafeEqual`, and every
 * candidate is compared (no early exit).
 */
export function matchesAny(presented: string | Uint8Array, candidates: readonly ClientValue[]): boolean {
  const p = digest(presented);
  let hit = false;
  for (const c of candidates) {
    const eq = timingSafeEqual(p, digest(bytesOf(c)));
    hit = hit || eq;
  }
  return hit;
}
