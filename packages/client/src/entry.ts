import type { DocugenError } from '@docugen-secrets/core';
import { clientError } from './errors.js';
import { sameVersionIds, type ClientValue, type SecretSource, type VersionIds } from './source.js';

/** One version the client holds: its id and value. */
export interface HeldVersion {
  readonly versionId: string;
  readonly value: ClientValue;
}

/** The versions of a secret the client serves, by stage. */
export interface SecretVersions {
  readonly current: HeldVersion;
  readonly previous?: HeldVersion;
  readonly pending?: HeldVersion;
}

/** What changed in a refresh; listeners get ids only, never values. */
export interface ChangeEvent {
  readonly id: string;
  readonly current: string;
  readonly previous?: string;
  readonly pending?: string;
  /** Stages whose version id changed. */
  readonly changed: readonly ('current' | 'previous' | 'pending')[];
}

/** Mutable state of one loaded secret (owned by the client). */
export interface Entry {
  readonly id: string;
  readonly intervalMs: number;
  readonly maxStalenessMs: number;
  readonly acceptPending: boolean;
  ids?: VersionIds;
  versions?: SecretVersions;
  lastSuccessMs?: number;
  consecutiveFailures: number;
  /** The last failure (kept after a success, for health). */
  lastError?: DocugenError;
  /** The failure of the latest attempt; cleared by a success. */
  lastAttemptError?: DocugenError;
  /** Whether the latest attempt changed a version id. */
  lastChanged?: boolean;
  inflight?: Promise<boolean>;
  timer?: unknown;
  lastForcedMs?: number;
  readonly listeners: Set<(e: ChangeEvent) => void>;
}

const STAGES = ['current', 'previous', 'pending'] as const;

function idsOf(ids: VersionIds): string[] {
  return STAGES.flatMap((s) => (ids[s] === undefined ? [] : [ids[s]]));
}

function held(versions: SecretVersions | undefined): Map<string, ClientValue> {
  const out = new Map<string, ClientValue>();
  for (const s of STAGES) {
    const v = versions?.[s];
    if (v) out.set(v.versionId, v.value);
  }
  return out;
}

function pick(
  id: string,
  versionId: string | undefined,
  known: ReadonlyMap<string, ClientValue>,
): HeldVersion | undefined {
  if (versionId === undefined) return undefined;
  const value = known.get(versionId);
  if (!value)
    throw clientError('CLIENT_NOT_FOUND', `secret "${id}": the source did not return version ${versionId}`, {
      details: { secretId: id, versionId },
    });
  return { versionId, value };
}

/**
 * One refresh of one secret: the cheap check first; values are fetched only
 * for version ids the client does not hold yet (a promotion moves labels
 * only, so it costs no value fetch). Returns the change, or undefined when
 * nothing changed.
 */
export async function refreshEntry(source: SecretSource, entry: Entry): Promise<ChangeEvent | undefined> {
  const ids = await source.versionIds(entry.id);
  if (sameVersionIds(entry.ids, ids)) return undefined;
  const known = held(entry.versions);
  const missing = idsOf(ids).filter((v) => !known.has(v));
  if (missing.length > 0) for (const [k, v] of await source.values(entry.id, missing)) known.set(k, v);
  const current = pick(entry.id, ids.current, known);
  if (!current)
    throw clientError('CLIENT_BAD_VALUE', `secret "${entry.id}" has no current version`, {
      details: { secretId: entry.id },
    });
  const previous = pick(entry.id, ids.previous, known);
  const pending = pick(entry.id, ids.pending, known);
  const before = entry.ids;
  entry.versions = { current, ...(previous ? { previous } : {}), ...(pending ? { pending } : {}) };
  entry.ids = ids;
  return { id: entry.id, ...ids, changed: STAGES.filter((s) => before?.[s] !== ids[s]) };
}
