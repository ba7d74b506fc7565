/**
 * Which upstream keys of a user / service account no stored version tracks,
 * for the providers whose secret half is returned only at creation (IAM
 * access keys, GCS HMAC keys): such a key, left by a run that crashed between
 * the provider call and the store write, can never be adopted, only deleted.
 * Deleting a key that is not ours could take down whatever uses it, so a key
 * is an orphan only when it is provably ours:
 * - current, previous and `keep` (the key just created) are tracked: kept;
 * - a first rotation (no current) proves nothing by itself: a hand-made key
 *   may be the one services use today. Only a `claimed` first rotation (the
 *   state machine recorded the claim in the store after `preflight` found no
 *   untracked key) makes every untracked key an orphan of its own attempt;
 *   unclaimed, untracked keys are foreign (the rotator refuses);
 * - otherwise keys are ordered by the provider's own clock: only `create`
 *   makes keys and the store promotes them in creation order, so an orphan of
 *   an interrupted rotation away from current is at least as new as current,
 *   while an older untracked key is not ours to judge (foreign, kept). When
 *   current is gone upstream nothing can be ordered: nothing is an orphan.
 */
export interface UpstreamKey {
  readonly id: string;
  readonly created: Date;
}

export interface KeyClassification<K extends UpstreamKey> {
  readonly orphans: readonly K[];
  /** Keys that stay: tracked ones and foreign ones. */
  readonly kept: readonly K[];
  /** Untracked keys that cannot be proven ours (never deleted). A subset of `kept`. */
  readonly foreign: readonly K[];
  readonly currentFound: boolean;
}

export interface ClassifyOptions {
  /** The tracked previous key (kept whatever its age). */
  readonly previousId?: string;
  /** First rotation only: the slot was claimed after a clean preflight (see RotatorCreateInput.claimed). */
  readonly claimed?: boolean;
}

type Verdict = 'tracked' | 'orphan' | 'foreign';

export function classifyKeys<K extends UpstreamKey>(
  keys: readonly K[],
  currentId: string | undefined,
  keep: readonly string[] = [],
  options: ClassifyOptions = {},
): KeyClassification<K> {
  const current = currentId === undefined ? undefined : keys.find((k) => k.id === currentId);
  const verdict = (k: K): Verdict => {
    if (k.id === currentId || k.id === options.previousId || keep.includes(k.id)) return 'tracked';
    if (currentId === undefined) return options.claimed === true ? 'orphan' : 'foreign';
    if (current === undefined) return 'foreign';
    return k.created.getTime() >= current.created.getTime() ? 'orphan' : 'foreign';
  };
  const judged = keys.map((k) => ({ k, v: verdict(k) }));
  return {
    orphans: judged.filter((j) => j.v === 'orphan').map((j) => j.k),
    kept: judged.filter((j) => j.v !== 'orphan').map((j) => j.k),
    foreign: judged.filter((j) => j.v === 'foreign').map((j) => j.k),
    currentFound: current !== undefined,
  };
}
