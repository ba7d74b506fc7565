import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decryptText, isSopsError, plainValue, type AgeIdentity } from '@docugen-secrets/sops';
import { DocugenError } from '@docugen-secrets/core';
import { clientError } from '../errors.js';
import type { ClientValue, SecretSource, VersionIds } from '../source.js';
import { readVersions, type FileVersion } from './sops-layout.js';

export interface SopsSourceOptions {
  /** The checkout holding the SOPS files (kept up to date by the deployment, e.g. a git pull). */
  readonly root: string;
  /** Secret id → file path relative to `root` (the manifest's `backend.path`). */
  readonly files: Readonly<Record<string, string>>;
  /** Age identities that can open the files. */
  readonly identities: readonly AgeIdentity[];
}

interface Seen {
  /** inode, mtime and size of the file when last read. */
  readonly stamp: string;
  /** Version ids by stage from the last *verified* (decrypted, MAC checked) read. */
  readonly ids: VersionIds;
  /** Values of the staged versions from that read, by version id. */
  readonly values: ReadonlyMap<string, ClientValue>;
}

function idsOf(versions: readonly FileVersion[]): Partial<VersionIds> {
  const out: { current?: string; previous?: string; pending?: string } = {};
  for (const v of versions) if (v.stage !== undefined) out[v.stage] = v.versionId;
  return out;
}

const sameIds = (a: Partial<VersionIds>, b: Partial<VersionIds>): boolean =>
  a.current === b.current && a.previous === b.previous && a.pending === b.pending;

/**
 * A SOPS checkout as a client source (the files the git-native store writes,
 * layout docugen-secrets/sops-store/v1). The cheap check is a `stat`: an
 * unchanged inode, mtime and size means an unchanged file. A changed file is
 * read and its clear version ids compared; only when they differ is it
 * decrypted — always, even when no new value is needed, because the clear
 * fields are trusted only after the MAC check that decryption does (a stage
 * swapped by hand must not be served).
 */
export class SopsSource implements SecretSource {
  readonly kind = 'sops';
  readonly #o: SopsSourceOptions;
  readonly #seen = new Map<string, Seen>();

  constructor(options: SopsSourceOptions) {
    this.#o = options;
  }

  async versionIds(id: string): Promise<VersionIds> {
    const file = this.#file(id);
    const stamp = await this.#io(id, file, async () => {
      const s = await stat(file, { bigint: true });
      return `${s.ino}:${s.mtimeNs}:${s.size}`;
    });
    const seen = this.#seen.get(id);
    if (seen?.stamp === stamp) return seen.ids;
    const text = await this.#io(id, file, () => readFile(file, 'utf8'));
    const clear = idsOf(readVersions(id, file, this.#clearDoc(id, file, text), false));
    if (seen && sameIds(clear, seen.ids)) {
      this.#seen.set(id, { ...seen, stamp });
      return seen.ids;
    }
    const verified = await this.#decrypt(id, file, text, stamp);
    return verified.ids;
  }

  values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>> {
    const seen = this.#seen.get(id);
    const out = new Map<string, ClientValue>();
    for (const v of versionIds) {
      const value = seen?.values.get(v);
      if (!value)
        return Promise.reject(
          clientError('CLIENT_NOT_FOUND', `secret "${id}": version ${v} is not staged in its SOPS file`, {
            details: { secretId: id, versionId: v },
          }),
        );
      out.set(v, value);
    }
    return Promise.resolve(out);
  }

  async #decrypt(id: string, file: string, text: string, stamp: string): Promise<Seen> {
    let doc: Record<string, unknown>;
    try {
      doc = plainValue(await decryptText(text, { format: 'yaml', identities: this.#o.identities, file }));
    } catch (err) {
      const code = isSopsError(err, 'SOPS_NO_IDENTITY', 'SOPS_NO_MATCHING_RECIPIENT', 'SOPS_WRONG_KEY')
        ? 'CLIENT_ACCESS_DENIED'
        : 'CLIENT_BAD_VALUE';
      const why: string = err instanceof DocugenError ? (err as DocugenError).code : 'unreadable';
      throw clientError(code, `secret "${id}": cannot decrypt ${file} (${why})`, {
        cause: err,
        details: { secretId: id, file },
      });
    }
    const versions = readVersions(id, file, doc, true);
    const ids = idsOf(versions);
    if (ids.current === undefined)
      throw clientError('CLIENT_BAD_VALUE', `secret "${id}": ${file} has no current version`, {
        details: { secretId: id, file },
      });
    const values = new Map(versions.flatMap((v) => (v.value && v.stage ? [[v.versionId, v.value] as const] : [])));
    const seen: Seen = { stamp, ids: { ...ids, current: ids.current }, values };
    this.#seen.set(id, seen);
    return seen;
  }

  #clearDoc(id: string, file: string, text: string): unknown {
    try {
      return parse(text) as unknown;
    } catch (err) {
      throw clientError('CLIENT_BAD_VALUE', `secret "${id}": ${file} is not YAML`, {
        cause: err,
        details: { secretId: id, file },
      });
    }
  }

  #file(id: string): string {
    const rel = this.#o.files[id];
    if (rel === undefined)
      throw clientError('CLIENT_BAD_OPTIONS', `secret "${id}" has no file in the SOPS source's files map`, {
        details: { secretId: id },
      });
    return join(this.#o.root, rel);
  }

  async #io<T>(id: string, file: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const missing = code === 'ENOENT';
      throw clientError(
        missing ? 'CLIENT_NOT_FOUND' : code === 'EACCES' ? 'CLIENT_ACCESS_DENIED' : 'CLIENT_SOURCE_UNAVAILABLE',
        `secret "${id}": cannot read ${file} (${code ?? 'error'})`,
        {
          cause: err,
          details: { secretId: id, file },
        },
      );
    }
  }
}
