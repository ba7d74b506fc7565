import { IAM_NS, queryError, queryOk } from './aws-query-xml.js';
import type { FakeIamKey, FakeIamUse } from './fake-aws-iam-state.js';
import type { FakeReply } from './fake-http.js';
import type { StateReader } from './state-file.js';

/**
 * How IAM reports access-key use: late and coarse. A use becomes visible to
 * GetAccessKeyLastUsed only `delayMs` after it happened, and its date is
 * truncated to `granularityMs` (a minute, as IAM reports `…T10:45:00Z`).
 * AWS documents no bound on the delay; hours are usual, so a missing or old
 * LastUsedDate is only a lower bound on the real last use.
 */
export interface IamUsageReporting {
  readonly delayMs: number;
  readonly granularityMs: number;
}

export const DEFAULT_USAGE_REPORTING: IamUsageReporting = { delayMs: 4 * 3_600_000, granularityMs: 60_000 };

/** At most this many unreported uses are kept per key; older ones are folded into the report early. */
const MAX_UNREPORTED = 50;

/** Records one authenticated use of `key` (reported later, see IamUsageReporting). */
export function recordUse(key: FakeIamKey, use: FakeIamUse): void {
  key.unreported.push(use);
  const folded = key.unreported.length > MAX_UNREPORTED ? key.unreported.shift() : undefined;
  if (folded) key.lastUsed = folded;
}

/** The use IAM reports at `now`: the latest use at least `delayMs` old, with its date truncated. */
export function reportedUse(key: FakeIamKey, now: Date, reporting: IamUsageReporting): FakeIamUse | undefined {
  const cutoff = now.getTime() - reporting.delayMs;
  const ready = key.unreported.filter((u) => u.date.getTime() <= cutoff);
  key.unreported = key.unreported.filter((u) => u.date.getTime() > cutoff);
  for (const u of ready) if (!key.lastUsed || u.date >= key.lastUsed.date) key.lastUsed = u;
  if (!key.lastUsed) return undefined;
  const g = Math.max(1, reporting.granularityMs);
  return { ...key.lastUsed, date: new Date(Math.floor(key.lastUsed.date.getTime() / g) * g) };
}

/** The GetAccessKeyLastUsed answer for `key` at `now`. */
export function lastUsedReply(
  key: FakeIamKey | undefined,
  id: string,
  now: Date,
  reporting: IamUsageReporting,
): FakeReply {
  if (!key) return queryError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`, IAM_NS);
  const used = reportedUse(key, now, reporting);
  const last = used
    ? { LastUsedDate: used.date.toISOString().replace('.000Z', 'Z'), ServiceName: used.service, Region: used.region }
    : { ServiceName: 'N/A', Region: 'N/A' };
  return queryOk('GetAccessKeyLastUsed', IAM_NS, { UserName: key.userName, AccessKeyLastUsed: last });
}

/** A use as a state file keeps it. */
export function useJson(u: FakeIamUse): Record<string, string> {
  return { date: u.date.toISOString(), service: u.service, region: u.region };
}

/** Reads a use written by `useJson`. */
export function useOf(v: unknown, at: string, read: StateReader): FakeIamUse {
  const u = read.record(v, at);
  return {
    date: read.date(u['date'], `${at}.date`),
    service: read.string(u['service'], `${at}.service`),
    region: read.string(u['region'], `${at}.region`),
  };
}
