/**
 * What a run does, decided at the entrypoint from flags or action inputs.
 * `plan` checks and plans (and splits the work into a matrix); `rotate` is the
 * whole daily job; `alerts` plans and hands the outcome to the alerts port.
 */
export type RunCommand = 'plan' | 'rotate' | 'alerts';

/** Why the run happens; recorded in commit messages and reports. */
export type RunTrigger = 'schedule' | 'dispatch' | 'emergency' | 'local' | 'manual';

export interface RunConfig {
  readonly command: RunCommand;
  readonly trigger: RunTrigger;
  /** Only these secrets (a shard, or `--secret`); empty: every secret that needs work. */
  readonly secrets?: readonly string[];
  /** Rotate the named secrets now with the emergency overlap, recording the reason. */
  readonly emergency?: { readonly reason: string };
  readonly dryRun?: boolean;
  /** Secrets rotated at once. Default 4. */
  readonly concurrency?: number;
  /** Single-strategy secrets covered by a waiver. */
  readonly waivedSingle?: ReadonlySet<string>;
  /** `plan`: split the secrets that need work (or the named ones) into at most this many jobs, one quota group each. */
  readonly shards?: number;
  /** `rotate` in a matrix: only the secrets of this shard (`groupedShardMatrix` of every manifest). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** The CI run's URL, for commit messages and reports. */
  readonly runUrl?: string;
  /** Key for `hmac-sha256` fingerprints of new values in commit messages; absent: none. */
  readonly fingerprintKey?: string;
}
