import type { AgeIdentity } from '../age/identity.js';
import { openToken, parseToken, type IvStash } from '../cipher.js';
import { decryptDocuments } from '../crypt.js';
import { recoverDataKey } from '../datakey.js';
import { sopsError, type SopsError } from '../errors.js';
import { parseMetadata, type SopsMetadata } from '../metadata.js';
import { compileRule, DEFAULT_RULE, type RuleMatcher } from '../rules.js';
import { detectLayout, parseDocuments, splitMetadata, type Layout, type SopsFormat } from '../formats/index.js';
import { findReorder } from '../reorder.js';
import { formatPath, type MapNode } from '../tree.js';

export interface OpenOptions {
  readonly format: SopsFormat;
  readonly identities: readonly AgeIdentity[];
  /** Skip the MAC check (sops `--ignore-mac`); value authentication still applies. */
  readonly ignoreMac?: boolean;
  /** The file name, for messages only. */
  readonly file?: string | undefined;
}

/** Internal: also keep every value's IV, to re-encrypt unchanged values identically. */
interface OpenInternal extends OpenOptions {
  readonly keepIvs?: boolean;
}

/** An encrypted file, parsed, with its data key recovered and values decrypted. Internal to the operations. */
export interface OpenedFile {
  readonly format: SopsFormat;
  readonly layout: Layout;
  /** Data documents as stored (tokens), without metadata. */
  readonly encrypted: MapNode[];
  /** Data documents decrypted. */
  readonly plain: MapNode[];
  readonly metadata: SopsMetadata;
  readonly dataKey: Buffer;
  readonly stash: IvStash;
  readonly rule: RuleMatcher;
}

/** Parses an encrypted text and returns its data and typed metadata, without decrypting anything. */
export function readEncrypted(
  text: string,
  format: SopsFormat,
  file?: string,
): { data: MapNode[]; metadata: SopsMetadata; layout: Layout } {
  const docs = parseDocuments(text, format, file);
  const { data, meta } = splitMetadata(docs, format, file);
  if (!meta)
    throw sopsError('SOPS_NOT_ENCRYPTED', 'the file has no sops metadata (not encrypted with sops?)', { file });
  return { data, metadata: parseMetadata(meta, file), layout: detectLayout(text, format) };
}

/** What the MAC check needs besides the metadata: the recomputed MAC and what explains a mismatch. */
interface MacInput {
  readonly computed: string;
  readonly key: Buffer;
  readonly stash: IvStash;
  readonly plain: readonly MapNode[];
  readonly rule: RuleMatcher;
}

function mismatch(m: SopsMetadata, stored: string, i: MacInput, o: OpenOptions): SopsError {
  const moved = findReorder(i.plain, i.rule, m.macOnlyEncrypted, stored);
  if (moved !== undefined) {
    const where = { file: o.file, path: moved.length === 0 ? '(top level)' : formatPath(moved) };
    return sopsError(
      'SOPS_KEYS_REORDERED',
      'MAC mismatch: the keys (or list items) here were reordered after encryption; restore their order',
      where,
    );
  }
  return sopsError(
    'SOPS_MAC_MISMATCH',
    'MAC mismatch: a value stored in clear (or the MAC) was changed after encryption',
    { file: o.file, path: '["sops"]["mac"]' },
  );
}

function verifyMac(m: SopsMetadata, i: MacInput, o: OpenOptions): void {
  const { computed, key, stash } = i;
  const where = { file: o.file, path: '["sops"]["mac"]' };
  if (m.mac === '') {
    if (o.ignoreMac === true) return;
    throw sopsError(
      'SOPS_MAC_MISSING',
      'the file has no MAC; refusing to trust it (sops --ignore-mac to override)',
      where,
    );
  }
  const token = parseToken(m.mac, where);
  let stored: string;
  try {
    stored = openToken(token, key, m.macAad, where).toString('utf8');
  } catch (err) {
    if (o.ignoreMac === true) return;
    throw sopsError('SOPS_MAC_MISMATCH', 'the MAC does not authenticate (lastmodified or mac was altered)', where, err);
  }
  stash.remember(m.macAad, 'str', stored, token.iv);
  if (stored !== computed && o.ignoreMac !== true) throw mismatch(m, stored, i, o);
}

/**
 * Opens an encrypted text: recovers the data key, decrypts every value
 * (AAD = key path) and verifies the MAC. Nothing is returned unless all of
 * it succeeds.
 */
export async function openFile(text: string, o: OpenInternal): Promise<OpenedFile> {
  const { data, metadata, layout } = readEncrypted(text, o.format, o.file);
  const dataKey = await recoverDataKey(metadata, o.identities, o.file);
  const rule = compileRule(metadata.rule ?? DEFAULT_RULE, { file: o.file });
  const dec = decryptDocuments(
    data,
    { key: dataKey, rule, macOnlyEncrypted: metadata.macOnlyEncrypted, file: o.file },
    o.format === 'binary',
    o.keepIvs !== false,
  );
  verifyMac(metadata, { computed: dec.mac, key: dataKey, stash: dec.stash, plain: dec.docs, rule }, o);
  return { format: o.format, layout, encrypted: data, plain: dec.docs, metadata, dataKey, stash: dec.stash, rule };
}
