import type { Clock, RandomSource } from '@docugen-secrets/core';
import { sealToken } from '../cipher.js';
import { encryptDocuments } from '../crypt.js';
import { wrapDataKey, type Groups } from '../datakey.js';
import { sopsError } from '../errors.js';
import { dateToRfc3339 } from '../gofmt.js';
import { buildMetadata } from '../metadata-write.js';
import { compileRule, DEFAULT_RULE, type EncryptionRule } from '../rules.js';
import { DEFAULT_LAYOUT, isReservedKey, parseDocuments, type Layout, type SopsFormat } from '../formats/index.js';
import { emitEncrypted } from './emit.js';
import { entry, fromPlain, mapOf, type MapNode } from '../tree.js';

/** The sops version written into new files: this package writes the 3.13 layout. */
export const SOPS_VERSION = '3.13.2';

export interface EncryptOptions {
  readonly format: SopsFormat;
  /** Age recipients (one key group). Use `keyGroups` for several groups (Shamir). */
  readonly recipients?: readonly string[];
  readonly keyGroups?: Groups;
  readonly shamirThreshold?: number;
  /** The encryption rule; default `unencrypted_suffix: _unencrypted` (none is written for binary). */
  readonly rule?: EncryptionRule;
  readonly macOnlyEncrypted?: boolean;
  /** Time of `lastmodified` (injected). */
  readonly now: Date | Clock;
  /** Source of the data key and IVs (injected). */
  readonly random: RandomSource;
  readonly layout?: Partial<Layout>;
  readonly version?: string;
  readonly file?: string | undefined;
}

/** Plaintext input: file text/bytes in `format`, ready documents, or a plain JS object (one document). */
export type PlainInput = string | Uint8Array | readonly MapNode[] | Readonly<Record<string, unknown>>;

function toDocuments(input: PlainInput, format: SopsFormat, file?: string): MapNode[] {
  if (format === 'binary' && (typeof input === 'string' || input instanceof Uint8Array)) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    return [mapOf([entry('data', { kind: 'bytes', value: bytes })])];
  }
  if (typeof input === 'string') return parseDocuments(input, format, file);
  if (input instanceof Uint8Array) return parseDocuments(Buffer.from(input).toString('utf8'), format, file);
  if (Array.isArray(input)) return [...(input as readonly MapNode[])];
  const node = fromPlain(input);
  if (node.kind !== 'map') throw sopsError('SOPS_PARSE_ERROR', 'the document must be a map', { file });
  return [node];
}

function checkPlain(docs: readonly MapNode[], format: SopsFormat, file?: string): void {
  if (docs.length === 0) throw sopsError('SOPS_PARSE_ERROR', 'the file cannot be completely empty', { file });
  const hasSops = docs.some((d) => d.items.some((i) => i.kind === 'entry' && isReservedKey(i.key, format)));
  if (hasSops)
    throw sopsError('SOPS_ALREADY_ENCRYPTED', 'the document already has sops metadata (already encrypted?)', { file });
}

/**
 * Encrypts a plaintext document into sops file text: fresh 32-byte data key,
 * per-value AES-256-GCM (32-byte IVs, key-path AAD), MAC, `lastmodified`,
 * one armored age stanza per recipient, sops 3.13 metadata layout, and the
 * store's output layout.
 */
export async function encryptDocument(input: PlainInput, o: EncryptOptions): Promise<string> {
  const docs = toDocuments(input, o.format, o.file);
  checkPlain(docs, o.format, o.file);
  const groups = o.keyGroups ?? [o.recipients ?? []];
  const threshold = o.shamirThreshold ?? 0;
  const rule = compileRule(o.rule ?? DEFAULT_RULE, { file: o.file });
  const dataKey = o.random.bytes(32);
  const wrapped = await wrapDataKey(dataKey, groups, threshold, o.random);
  const macOnlyEncrypted = o.macOnlyEncrypted ?? false;
  const enc = encryptDocuments(docs, { key: dataKey, rule, macOnlyEncrypted, file: o.file }, o.random);
  const lastModified = dateToRfc3339(o.now instanceof Date ? o.now : o.now.now());
  const meta = buildMetadata({
    groups: wrapped,
    shamirThreshold: groups.length > 1 ? threshold : 0,
    lastModified,
    mac: sealToken('str', enc.mac, dataKey, lastModified, o.random),
    rule: o.format === 'binary' && o.rule === undefined ? undefined : rule.rule,
    macOnlyEncrypted,
    version: o.version ?? SOPS_VERSION,
  });
  const layout = { ...DEFAULT_LAYOUT, ...o.layout };
  return emitEncrypted(enc.docs, meta, o.format, layout, o.file);
}
