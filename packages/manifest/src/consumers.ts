import type { Consumer, IsoDuration } from './types.js';

/**
 * How long a consumer may keep using the old value after a rotation (its
 * client refresh interval or its rollout duration), as an ISO duration;
 * undefined when it never reloads. The rotator waits this long before
 * retiring a version, and policy SM004 checks the overlap covers it.
 */
export function pickupTime(c: Consumer): IsoDuration | undefined {
  switch (c.reload.kind) {
    case 'live-client':
      return c.reload.refreshInterval;
    case 'rolling-restart':
      return c.reload.rolloutDuration;
    case 'none':
      return undefined;
  }
}
