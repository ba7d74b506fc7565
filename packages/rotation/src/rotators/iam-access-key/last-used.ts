import type { InUseVerdict } from '../port.js';
import type { IamKeysPort } from './port.js';

/**
 * How long IAM may take to report a use of an access key. AWS updates
 * last-used data asynchronously (it documents no bound; hours are common),
 * at minute granularity, so a missing or old `LastUsedDate` is only a lower
 * bound on the key's last use: a key used in the last hours may look
 * unused. Eight hours is twice the delay usually seen; decisions that could
 * revoke a key in use wait at least this long for a use to show.
 */
export const DEFAULT_LAST_USED_WINDOW_MS = 8 * 3_600_000;

/**
 * The retire gate of an old key (see Rotator.stillInUse): used when IAM
 * reports a use at or after `since` (when every consumer should have
 * reloaded); unsettled while `now` is less than a window after `since`,
 * because a later use may not be reported yet; otherwise unused. A key
 * already gone is unused.
 */
export async function retireGate(
  port: IamKeysPort,
  accessKeyId: string,
  at: { readonly since: Date; readonly now: Date; readonly windowMs: number },
): Promise<InUseVerdict> {
  const used = await port.lastUsed(accessKeyId);
  if (used === 'not-found') return { kind: 'unused' };
  if (used instanceof Date && used.getTime() >= at.since.getTime())
    return { kind: 'used', reason: `IAM reports its last use at ${used.toISOString()}` };
  const settled = new Date(at.since.getTime() + at.windowMs);
  if (settled.getTime() > at.now.getTime()) {
    const last = used instanceof Date ? `last use reported ${used.toISOString()}` : 'no use reported yet';
    return {
      kind: 'unsettled',
      until: settled,
      reason: `IAM reports key use with a delay (${last}); it counts as unused only once no use is reported by ${settled.toISOString()}, ${hours(at.windowMs)} after every consumer should have reloaded`,
    };
  }
  return { kind: 'unused' };
}

/**
 * Whether an untracked key's lack of reported use proves it was never used:
 * only once it has existed for the whole window. Before that, a key someone
 * just made and used looks exactly like the orphan of a crashed run.
 */
export async function provablyUnused(
  port: IamKeysPort,
  key: { readonly id: string; readonly created: Date },
  now: Date,
  windowMs: number,
): Promise<'unused' | 'used' | 'unsettled'> {
  if ((await port.lastUsed(key.id)) instanceof Date) return 'used';
  return key.created.getTime() + windowMs <= now.getTime() ? 'unused' : 'unsettled';
}

/** Whether IAM reports a use of the key within the window before `now` (the last look before deleting). */
export async function usedRecently(
  port: IamKeysPort,
  accessKeyId: string,
  now: Date,
  windowMs: number,
): Promise<Date | undefined> {
  const used = await port.lastUsed(accessKeyId);
  return used instanceof Date && used.getTime() >= now.getTime() - windowMs ? used : undefined;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return Number.isInteger(h) ? `${h} h` : `${Math.round(ms / 60_000)} min`;
}
