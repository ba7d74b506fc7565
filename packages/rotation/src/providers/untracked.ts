/**
 * Which upstream keys of a user / service account no stored version tracks,
 * for the providers whose secret half is returned only at creation (IAM
 * access keys, GCS HMAC keys): such a key, left by a run that crashed between
 * the provider call and the store write, can never be adopted, only deleted.
 *
 * The rotator is told `current` only, so `previous` is recognised by age:
 * only `create` makes keys, and the store promotes them in creation order,
 * hence a tracked previous key is always older than current, while an orphan
 * of an interrupted rotation away from current is at least as new as current.
 * - no current (first value): every existing key is an orphan — the manifest
 *   dedicates the user / service account to this secret (see the runbook);
 * - current named but gone upstream: nothing can be ordered, nothing is an orphan;
 * - otherwise: keys created at or after current are orphans, older ones are kept.
 * `keep` (the key just created) is never an orphan.
 */
export interface UpstreamKey {
  readonly id: string;
  readonly created: Date;
}

export interface KeyClassification<K extends UpstreamKey> {
  readonly orphans: readonly K[];
  /** Keys that stay: current, keep, and older keys taken as previous. */
  readonly kept: readonly K[];
  readonly currentFound: boolean;
}

export function classifyKeys<K extends UpstreamKey>(keys: readonly K[], currentId: string | undefined, keep: readonly string[] = []): KeyClassification<K> {
  const current = currentId === undefined ? undefined : keys.find((k) => k.id === currentId);
  const isOrphan = (k: K): boolean => {
    if (k.id === currentId || keep.includes(k.id)) return false;
    if (currentId === undefined) return true;
    return current !== undefined && k.created.getTime() >= current.created.getTime();
  };
  return { orphans: keys.filter(isOrphan), kept: keys.filter((k) => !isOrphan(k)), currentFound: current !== undefined };
}
