import { sopsError, type ErrorWhere } from './errors.js';
import { formatRfc3339, parseRfc3339 } from './gofmt.js';
import { ruleFromFields, type EncryptionRule } from './rules.js';
import { getEntry, type MapNode, type Node } from './tree.js';

/** One age master key: the recipient and the armored age file holding the data key (or share). */
export interface AgeKey {
  readonly recipient: string;
  readonly enc: string;
}

/** A key group: its age keys, and how many keys of other kinds (PGP, KMS …) it holds. */
export interface KeyGroup {
  readonly age: readonly AgeKey[];
  readonly otherKeys: number;
}

/**
 * The `sops` metadata of a file, typed. `raw` is the metadata as it was in
 * the file, so rewrites keep its layout (key order of sops 3.7 … 3.13).
 */
export interface SopsMetadata {
  readonly keyGroups: readonly KeyGroup[];
  /** True when the file uses `key_groups` (Shamir) rather than top-level key lists. */
  readonly usesKeyGroups: boolean;
  readonly shamirThreshold: number;
  /** `lastmodified` as written. */
  readonly lastModified: string;
  /** The MAC AAD: `lastmodified` re-formatted with Go RFC3339. */
  readonly macAad: string;
  /** The `mac` token ('' when missing). */
  readonly mac: string;
  readonly rule: EncryptionRule | undefined;
  readonly macOnlyEncrypted: boolean;
  readonly version: string | undefined;
  readonly raw: MapNode;
}

export const OTHER_KEY_TYPES = ['pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'hckms'] as const;

function scalarText(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'str':
    case 'time':
      return node.value;
    case 'int':
      return node.value.toString();
    case 'float':
    case 'bool':
      return String(node.value);
    case 'null':
    case 'map':
    case 'seq':
    case 'bytes':
      return undefined;
  }
}

function listOf(node: Node | undefined, what: string, where: ErrorWhere): Node[] {
  if (node === undefined || node.kind === 'null') return [];
  if (node.kind !== 'seq') throw sopsError('SOPS_MALFORMED_METADATA', `sops.${what} must be a list`, where);
  return node.items.filter((i): i is Node => i.kind !== 'comment');
}

function ageKeys(node: Node | undefined, where: ErrorWhere): AgeKey[] {
  return listOf(node, 'age', where).map((item, i) => {
    const recipient = item.kind === 'map' ? scalarText(getEntry(item, 'recipient')) : undefined;
    const enc = item.kind === 'map' ? scalarText(getEntry(item, 'enc')) : undefined;
    if (recipient === undefined || enc === undefined)
      throw sopsError('SOPS_MALFORMED_METADATA', `sops.age[${i}] needs "recipient" and "enc"`, where);
    return { recipient, enc };
  });
}

function groupOf(map: MapNode, where: ErrorWhere): KeyGroup {
  const otherKeys = OTHER_KEY_TYPES.reduce((n, k) => n + listOf(getEntry(map, k), k, where).length, 0);
  return { age: ageKeys(getEntry(map, 'age'), where), otherKeys };
}

function keyGroupsOf(meta: MapNode, where: ErrorWhere): { groups: KeyGroup[]; usesKeyGroups: boolean } {
  const kg = getEntry(meta, 'key_groups');
  const groups = listOf(kg, 'key_groups', where).map((g) => {
    if (g.kind !== 'map') throw sopsError('SOPS_MALFORMED_METADATA', 'sops.key_groups entries must be maps', where);
    return groupOf(g, where);
  });
  if (groups.length > 0) return { groups, usesKeyGroups: true };
  return { groups: [groupOf(meta, where)], usesKeyGroups: false };
}

function fieldsOf(meta: MapNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of meta.items) if (item.kind === 'entry') out[item.key] = scalarText(item.value);
  return out;
}

function boolOf(node: Node | undefined): boolean {
  if (node?.kind === 'bool') return node.value;
  return scalarText(node) === 'true';
}

/** Reads and checks the `sops` metadata map. Throws SOPS_MALFORMED_METADATA. */
export function parseMetadata(meta: MapNode, file?: string): SopsMetadata {
  const where = { file, path: '["sops"]' };
  const lastModified = scalarText(getEntry(meta, 'lastmodified'));
  const t = lastModified === undefined ? undefined : parseRfc3339(lastModified);
  if (lastModified === undefined || t === undefined)
    throw sopsError('SOPS_MALFORMED_METADATA', 'sops.lastmodified is missing or not an RFC3339 time', where);
  const { groups, usesKeyGroups } = keyGroupsOf(meta, where);
  if (groups.every((g) => g.age.length === 0 && g.otherKeys === 0))
    throw sopsError('SOPS_MALFORMED_METADATA', 'sops metadata lists no master keys', where);
  const thresholdText = scalarText(getEntry(meta, 'shamir_threshold'));
  const shamirThreshold = thresholdText === undefined ? 0 : Number(thresholdText);
  if (!Number.isInteger(shamirThreshold) || shamirThreshold < 0)
    throw sopsError('SOPS_MALFORMED_METADATA', 'sops.shamir_threshold must be a non-negative integer', where);
  return {
    keyGroups: groups,
    usesKeyGroups,
    shamirThreshold,
    lastModified,
    macAad: formatRfc3339(t),
    mac: scalarText(getEntry(meta, 'mac')) ?? '',
    rule: ruleFromFields(fieldsOf(meta), where, 'SOPS_MALFORMED_METADATA'),
    macOnlyEncrypted: boolOf(getEntry(meta, 'mac_only_encrypted')),
    version: scalarText(getEntry(meta, 'version')),
    raw: meta,
  };
}
