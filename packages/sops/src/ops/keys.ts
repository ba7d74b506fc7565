import type { Clock, RandomSource } from '@docugen-secrets/core';
import { checkRecipient } from '../age/enc.js';
import type { AgeIdentity } from '../age/identity.js';
import { recoverDataKey, wrapDataKey, type Groups } from '../datakey.js';
import { sopsError } from '../errors.js';
import type { SopsMetadata } from '../metadata.js';
import { replaceKeyGroups } from '../metadata-write.js';
import type { SopsFormat } from '../formats/index.js';
import { emitEncrypted } from './emit.js';
import { openFile, readEncrypted } from './open.js';
import { reencrypt } from './reencrypt.js';

export interface UpdateKeysOptions {
  readonly format: SopsFormat;
  readonly identities: readonly AgeIdentity[];
  /** The wanted age recipients per key group (from the creation rule). */
  readonly keyGroups: Groups;
  readonly shamirThreshold?: number;
  readonly random: RandomSource;
  readonly file?: string | undefined;
}

export interface UpdateKeysResult {
  readonly text: string;
  readonly changed: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

function currentGroups(m: SopsMetadata): string[][] {
  return m.keyGroups.map((g) => g.age.map((k) => k.recipient));
}

function sameGroups(a: Groups, b: Groups): boolean {
  const norm = (g: Groups): string => JSON.stringify(g.map((x) => [...new Set(x)].sort()));
  return norm(a) === norm(b);
}

/**
 * `sops updatekeys`: makes the file's recipients those of `keyGroups`,
 * re-wrapping the SAME data key for every recipient. Values, MAC,
 * `lastmodified` and `version` stay byte-identical. Pure reordering of
 * recipients is not a change (as in sops). Non-age keys are dropped.
 */
export async function updateKeys(encryptedText: string, o: UpdateKeysOptions): Promise<UpdateKeysResult> {
  const { data, metadata, layout } = readEncrypted(encryptedText, o.format, o.file);
  o.keyGroups.flat().forEach(checkRecipient);
  const before = currentGroups(metadata);
  const threshold = o.keyGroups.length > 1 ? (o.shamirThreshold ?? 0) : 0;
  const hasOthers = metadata.keyGroups.some((g) => g.otherKeys > 0);
  const flatBefore = new Set(before.flat());
  const flatAfter = new Set(o.keyGroups.flat());
  const added = [...flatAfter].filter((r) => !flatBefore.has(r));
  const removed = [...flatBefore].filter((r) => !flatAfter.has(r));
  if (
    sameGroups(before, o.keyGroups) &&
    threshold === (metadata.usesKeyGroups ? metadata.shamirThreshold : 0) &&
    !hasOthers
  ) {
    return { text: encryptedText, changed: false, added: [], removed: [] };
  }
  const dataKey = await recoverDataKey(metadata, o.identities, o.file);
  const wrapped = await wrapDataKey(dataKey, o.keyGroups, threshold, o.random);
  const raw = replaceKeyGroups(metadata.raw, wrapped, threshold);
  const text = emitEncrypted(data, raw, o.format, layout, o.file);
  return { text, changed: true, added, removed };
}

export interface RotateOptions {
  readonly format: SopsFormat;
  readonly identities: readonly AgeIdentity[];
  readonly now: Date | Clock;
  readonly random: RandomSource;
  /** Recipients added to the first key group (sops `--add-age`). */
  readonly addRecipients?: readonly string[];
  /** Recipients removed from every group (sops `--rm-age`). */
  readonly removeRecipients?: readonly string[];
  readonly file?: string | undefined;
}

/**
 * `sops rotate`: verifies the file, generates a NEW data key, wraps it for
 * every (updated) recipient and re-encrypts every value with it (IVs reused,
 * tokens change), with a new MAC and `lastmodified`. Files that also hold
 * PGP/KMS keys are refused: those keys could not be re-wrapped here.
 */
export async function rotateDataKey(encryptedText: string, o: RotateOptions): Promise<string> {
  const f = await openFile(encryptedText, { format: o.format, identities: o.identities, file: o.file });
  if (f.metadata.keyGroups.some((g) => g.otherKeys > 0)) {
    throw sopsError(
      'SOPS_UNSUPPORTED',
      'the file also has PGP/KMS keys, which cannot be re-wrapped here; rotate it with sops',
      { file: o.file },
    );
  }
  (o.addRecipients ?? []).forEach(checkRecipient);
  const rm = new Set(o.removeRecipients ?? []);
  const groups = currentGroups(f.metadata).map((g, i) =>
    [...new Set([...g, ...(i === 0 ? (o.addRecipients ?? []) : [])])].filter((r) => !rm.has(r)),
  );
  if (groups.some((g) => g.length === 0))
    throw sopsError('SOPS_NO_MATCHING_RECIPIENT', 'rotation would leave a key group without recipients', {
      file: o.file,
    });
  const dataKey = Buffer.from(o.random.bytes(32));
  const threshold = f.metadata.usesKeyGroups ? f.metadata.shamirThreshold : 0;
  const wrapped = await wrapDataKey(dataKey, groups, threshold, o.random);
  const raw = replaceKeyGroups(f.metadata.raw, wrapped, threshold);
  return reencrypt(f, f.plain, { now: o.now instanceof Date ? o.now : o.now.now(), random: o.random, dataKey, raw });
}
