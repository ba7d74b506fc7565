import type { RandomSource } from '@docugen-secrets/core';
import { sealToken, type IvStash } from '../cipher.js';
import { encryptDocuments } from '../crypt.js';
import { dateToRfc3339 } from '../gofmt.js';
import { setField } from '../metadata-write.js';
import { str, type MapNode } from '../tree.js';
import { emitEncrypted } from './emit.js';
import type { OpenedFile } from './open.js';

export interface ReencryptOptions {
  readonly now: Date;
  readonly random: RandomSource;
  /** A new data key (rotate); defaults to the file's. */
  readonly dataKey?: Buffer;
  /** Replacement raw metadata (new key groups); defaults to the file's. */
  readonly raw?: MapNode;
}

/**
 * Re-encrypts plaintext documents into the opened file's shape: same rule,
 * metadata layout and text layout, new `lastmodified` and MAC. IVs come from
 * the decryption stash, so with the same data key every unchanged value keeps
 * its exact token — a diff shows only what changed, the MAC and lastmodified.
 */
export function reencrypt(f: OpenedFile, docs: readonly MapNode[], o: ReencryptOptions): string {
  const key = o.dataKey ?? f.dataKey;
  const stash: IvStash = f.stash;
  const enc = encryptDocuments(
    docs,
    { key, rule: f.rule, macOnlyEncrypted: f.metadata.macOnlyEncrypted },
    o.random,
    stash,
  );
  const lastModified = dateToRfc3339(o.now);
  const mac = sealToken('str', enc.mac, key, lastModified, o.random, stash);
  const raw = setField(setField(o.raw ?? f.metadata.raw, 'lastmodified', str(lastModified)), 'mac', str(mac));
  return emitEncrypted(enc.docs, raw, f.format, f.layout);
}
