import type { BackendFacts, ManifestFacts } from './facts.js';

/** A manifest's facts without its file name: what depends on its content alone. */
export type ContentFacts = Omit<ManifestFacts, 'file'>;

/** The cache file's format version; a file of any other version is ignored and rewritten. */
export const FACTS_CACHE_VERSION = 1;

/**
 * Facts of unchanged manifests, remembered by content (the git blob id of the
 * file at the base revision). Manifests hold no secret values, and facts are
 * only ids, owner teams and backend targets.
 */
export interface FactsLookup {
  /** Remembered facts of `path`'s content, or undefined (unknown content or no cache entry). */
  get(path: string): ContentFacts | undefined;
  /** Records facts just scanned from `path`'s (unchanged) content. */
  put(path: string, facts: ContentFacts): void;
}

/** A loaded cache: entries by blob id, and whether this run added any. */
export interface FactsCache extends FactsLookup {
  readonly changed: boolean;
  /** The cache as file text (JSON), for writing back. */
  serialize(): string;
}

const FACT_KEYS = new Set(['id', 'ownerTeam', 'backend']);
const BACKEND_KEYS = new Set(['kind', 'name', 'region', 'path']);

function isStringRecord(v: unknown, keys: ReadonlySet<string>): v is Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.entries(v).every(([k, x]) => keys.has(k) && typeof x === 'string');
}

function isContentFacts(v: unknown): v is ContentFacts {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.entries(v).every(([k, x]) =>
    k === 'backend' ? isStringRecord(x, BACKEND_KEYS) : FACT_KEYS.has(k) && typeof x === 'string',
  );
}

/** Entries of a cache file's text; empty for a missing, corrupt or other-version file. */
export function parseFactsCache(text: string | undefined): Map<string, ContentFacts> {
  const entries = new Map<string, ContentFacts>();
  if (text === undefined) return entries;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return entries;
  }
  const top = data as { version?: unknown; entries?: unknown } | null;
  if (top === null || typeof top !== 'object' || top.version !== FACTS_CACHE_VERSION) return entries;
  const raw = top.entries;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return entries;
  for (const [blob, facts] of Object.entries(raw)) {
    if (!isContentFacts(facts)) return new Map();
    entries.set(blob, facts);
  }
  return entries;
}

/** Copies only the content facts (never the file name) in a fixed key order. */
export function contentFacts(facts: ContentFacts): ContentFacts {
  const backend: BackendFacts | undefined = facts.backend ? { ...facts.backend } : undefined;
  return {
    ...(facts.id === undefined ? {} : { id: facts.id }),
    ...(facts.ownerTeam === undefined ? {} : { ownerTeam: facts.ownerTeam }),
    ...(backend === undefined ? {} : { backend }),
  };
}

/**
 * A cache over `text` (the cache file, or undefined) for a run whose
 * unchanged files have the blob ids in `blobs` (by path). Files without a
 * blob id are never looked up or recorded.
 */
export function factsCache(text: string | undefined, blobs: ReadonlyMap<string, string>): FactsCache {
  const entries = parseFactsCache(text);
  // A corrupt or other-version file is rewritten even when nothing new was scanned.
  let changed = text !== undefined && entries.size === 0 && blobs.size > 0;
  return {
    get changed() {
      return changed;
    },
    get(path) {
      const blob = blobs.get(path);
      return blob === undefined ? undefined : entries.get(blob);
    },
    put(path, facts) {
      const blob = blobs.get(path);
      if (blob === undefined || entries.has(blob)) return;
      entries.set(blob, contentFacts(facts));
      changed = true;
    },
    serialize() {
      return JSON.stringify({ version: FACTS_CACHE_VERSION, entries: Object.fromEntries(entries) });
    },
  };
}
