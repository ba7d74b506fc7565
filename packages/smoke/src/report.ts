/**
 * The smoke test's value-free result: one line per check, in the order they
 * ran. Details name version ids, steps, error codes and simulated times —
 * never a value (the canary tests prove it).
 */
export type SmokeCheckName =
  | 'canary-ready'
  | 'consumer-loads'
  | 'rotated'
  | 'new-version-observed'
  | 'old-value-accepted-in-overlap'
  | 'previous-retired'
  | 'consumer-works-after-retire'
  | 'old-value-refused-after-retire';

export interface SmokeCheck {
  readonly name: SmokeCheckName;
  readonly ok: boolean;
  /** Value-free sentence: what was seen, with simulated times. */
  readonly detail: string;
}

export interface SmokeReport {
  readonly secretId: string;
  /** Simulated time the smoke test started and ended (ISO). */
  readonly startedAt: string;
  readonly endedAt: string;
  /** The consumer's refresh interval and the bound it was held to (ms). */
  readonly refreshIntervalMs: number;
  readonly observeBoundMs: number;
  readonly checks: readonly SmokeCheck[];
  /** Every check ran and passed. */
  readonly ok: boolean;
}

/** What the smoke test descriptions say about each check, for the report. */
export const CHECK_TITLES: Readonly<Record<SmokeCheckName, string>> = {
  'canary-ready': 'the canary has a current version',
  'consumer-loads': 'the consumer loads the canary',
  rotated: 'create → set → test → finish promoted a new version',
  'new-version-observed': 'the consumer observed the new version within its refresh interval',
  'old-value-accepted-in-overlap': 'the old value is still accepted during the overlap',
  'previous-retired': 'the previous version was retired after the overlap',
  'consumer-works-after-retire': 'the consumer keeps working after the retirement',
  'old-value-refused-after-retire': 'the old value is no longer accepted after the retirement',
};
