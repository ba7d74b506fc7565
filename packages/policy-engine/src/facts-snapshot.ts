import type { BackendFacts, ManifestFacts } from './facts.js';

/** A manifest's facts without its file name: what depends on its content alone. */
export type ContentFacts = Omit<ManifestFacts, 'file'>;

const COLUMNS = ['id', 'ownerTeam', 'kind', 'name', 'region', 'path'] as const;
type Column = (typeof COLUMNS)[number];
const BACKEND_COLUMNS = ['kind', 'name', 'region', 'path'] as const;

function isSep(path: string, at: number): boolean {
  const c = path.charCodeAt(at);
  return c === 47 || c === 92;
}

/** Where `path` sits under the checked path `root`: its name there ('' for the root itself), or undefined. */
export function nameUnder(root: string, path: string): string | undefined {
  if (!path.startsWith(root)) return undefined;
  if (path.length === root.length) return '';
  if (root.endsWith('/') || root.endsWith('\\')) return path.slice(root.length);
  return isSep(path, root.length) ? path.slice(root.length + 1) : undefined;
}

/** How far `find` looks past the last entry found before it uses the index by name. */
const LOOK_AHEAD = 8;

/** Per entry: facts unknown, known without a backend, known with one. */
const UNKNOWN = 0;
const NO_BACKEND = 1;
const WITH_BACKEND = 2;

/** A snapshot as stored: one array (or string) per field, so parsing it makes no object per entry. */
export interface StoredSnapshot {
  readonly object: string;
  readonly names: readonly string[];
  /** The blob ids at the base revision, concatenated (all the same width). */
  readonly blobs: string;
  /** One digit per entry: 0 facts unknown, 1 known without a backend, 2 known with one. */
  readonly known: string;
  readonly columns: Readonly<Record<Column, readonly (string | null)[]>>;
}

function isColumn(v: unknown, n: number): v is (string | null)[] {
  if (!Array.isArray(v) || v.length !== n) return false;
  // Indexed: this runs over every entry of every column, before the code is optimised (no iterator results).
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (x !== null && typeof x !== 'string') return false;
  }
  return true;
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** A stored snapshot from parsed JSON, or undefined when any part is malformed. */
export function readSnapshot(v: unknown): StoredSnapshot | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const { object, names, blobs, known, columns } = v as Record<string, unknown>;
  if (typeof object !== 'string' || object === '' || !isStrings(names)) return undefined;
  const n = names.length;
  if (typeof blobs !== 'string' || (n === 0 ? blobs !== '' : blobs.length % n !== 0 || blobs.length === 0))
    return undefined;
  if (typeof known !== 'string' || known.length !== n || !/^[012]*$/.test(known)) return undefined;
  if (columns === null || typeof columns !== 'object') return undefined;
  const out = {} as Record<Column, (string | null)[]>;
  for (const c of COLUMNS) {
    const col = (columns as Record<string, unknown>)[c];
    if (!isColumn(col, n)) return undefined;
    out[c] = col;
  }
  return { object, names, blobs, known, columns: out };
}

/**
 * The facts of every file under one folder (or of one file) as it is in a
 * git object (tree or blob) at the base revision: names relative to that
 * folder, blob ids, and the facts of the entries whose content was scanned.
 * An object id names its content for good, so a snapshot stays valid for any
 * revision whose folder has the same object id.
 */
export class FactsSnapshot {
  private index: Map<string, number> | undefined;
  private cursor = 0;
  private readonly known: Uint8Array;
  private readonly columns: Record<Column, (string | null)[]>;

  private constructor(
    readonly object: string,
    readonly names: readonly string[],
    private readonly blobOf: (i: number) => string,
    known: Uint8Array,
    columns: Record<Column, (string | null)[]>,
  ) {
    this.known = known;
    this.columns = columns;
  }

  /** A snapshot from its stored form (see `readSnapshot`). */
  static fromStored(s: StoredSnapshot): FactsSnapshot {
    const n = s.names.length;
    const width = n === 0 ? 0 : s.blobs.length / n;
    const known = new Uint8Array(n);
    for (let i = 0; i < n; i++) known[i] = s.known.charCodeAt(i) - 48;
    // The parsed arrays are this snapshot's own (readSnapshot made them from JSON text): no copy.
    const columns = s.columns as Record<Column, (string | null)[]>;
    return new FactsSnapshot(s.object, s.names, (i) => s.blobs.slice(i * width, (i + 1) * width), known, columns);
  }

  /** A new snapshot of `entries` (name and blob id), no facts known yet. */
  static fresh(object: string, entries: readonly (readonly [string, string])[]): FactsSnapshot {
    const n = entries.length;
    const columns = {} as Record<Column, (string | null)[]>;
    for (const c of COLUMNS) columns[c] = new Array<string | null>(n).fill(null);
    const blobs = entries.map((e) => e[1]);
    const names = entries.map((e) => e[0]);
    return new FactsSnapshot(object, names, (i) => blobs[i] ?? '', new Uint8Array(n), columns);
  }

  get size(): number {
    return this.names.length;
  }

  /**
   * The entry number of `name`, or undefined. Callers mostly ask in the
   * snapshot's own order (a folder listed sorted, as git lists it): the next
   * entry is tried first, and the index by name is built only on a miss.
   */
  find(name: string): number | undefined {
    // A few entries ahead too: the changed files between two asks are not asked for.
    const end = Math.min(this.cursor + LOOK_AHEAD, this.names.length);
    for (let i = this.cursor; i < end; i++)
      if (this.names[i] === name) {
        this.cursor = i + 1;
        return i;
      }
    this.index ??= new Map(this.names.map((n, i) => [n, i]));
    const i = this.index.get(name);
    if (i !== undefined) this.cursor = i + 1;
    return i;
  }

  /**
   * `find` for an absolute `path` under the folder `root` (see `nameUnder`),
   * comparing in place: the usual in-order hit makes no string.
   */
  findPath(root: string, path: string): number | undefined {
    const start = root.endsWith('/') || root.endsWith('\\') ? root.length : root.length + 1;
    if (!path.startsWith(root) || (start > root.length && path.length > root.length && !isSep(path, root.length)))
      return undefined;
    const end = Math.min(this.cursor + LOOK_AHEAD, this.names.length);
    for (let i = this.cursor; i < end; i++) {
      const name = this.names[i] ?? '';
      if (path.length === start + name.length && path.endsWith(name)) {
        this.cursor = i + 1;
        return i;
      }
    }
    const name = nameUnder(root, path);
    return name === undefined ? undefined : this.find(name);
  }

  blob(i: number): string {
    return this.blobOf(i);
  }

  /** Facts of entry `i` as the facts of `file`, or undefined when its content was never scanned. */
  facts(i: number, file: string): ManifestFacts | undefined {
    const k = this.known[i];
    if (k === undefined || k === UNKNOWN) return undefined;
    const col = this.columns;
    const id = col.id[i];
    const ownerTeam = col.ownerTeam[i];
    const out: { file: string; id?: string; ownerTeam?: string; backend?: BackendFacts } = { file };
    if (id != null) out.id = id;
    if (ownerTeam != null) out.ownerTeam = ownerTeam;
    if (k === WITH_BACKEND) {
      const backend: Record<string, string> = {};
      for (const c of BACKEND_COLUMNS) {
        const v = col[c][i];
        if (v != null) backend[c] = v;
      }
      out.backend = backend;
    }
    return out;
  }

  /** Records the facts of entry `i` (only the content facts, never a file name). */
  setFacts(i: number, facts: ContentFacts): void {
    if (i < 0 || i >= this.size) return;
    const col = this.columns;
    col.id[i] = facts.id ?? null;
    col.ownerTeam[i] = facts.ownerTeam ?? null;
    for (const c of BACKEND_COLUMNS) col[c][i] = facts.backend?.[c] ?? null;
    this.known[i] = facts.backend ? WITH_BACKEND : NO_BACKEND;
  }

  isKnown(i: number): boolean {
    return (this.known[i] ?? UNKNOWN) !== UNKNOWN;
  }

  /** The stored form (JSON-ready). */
  toStored(): StoredSnapshot {
    let blobs = '';
    for (let i = 0; i < this.size; i++) blobs += this.blob(i);
    return { object: this.object, names: this.names, blobs, known: this.known.join(''), columns: this.columns };
  }
}
