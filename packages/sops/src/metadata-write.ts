import type { AgeKey } from './metadata.js';
import { OTHER_KEY_TYPES } from './metadata.js';
import type { EncryptionRule } from './rules.js';
import { entry, getEntry, mapOf, str, type Entry, type MapNode, type Node } from './tree.js';

/** Go struct order of sops ≤3.12 metadata; sops ≥3.13 sorts keys alphabetically. */
const STRUCT_ORDER = [
  'shamir_threshold',
  'key_groups',
  'kms',
  'gcp_kms',
  'hckms',
  'azure_kv',
  'hc_vault',
  'age',
  'lastmodified',
  'mac',
  'pgp',
  'unencrypted_suffix',
  'encrypted_suffix',
  'unencrypted_regex',
  'encrypted_regex',
  'unencrypted_comment_regex',
  'encrypted_comment_regex',
  'mac_only_encrypted',
  'version',
];

export interface NewMetadata {
  /** Age recipients per key group (one group = plain `age` list). */
  readonly groups: readonly (readonly AgeKey[])[];
  readonly shamirThreshold: number;
  readonly lastModified: string;
  readonly mac: string;
  readonly rule: EncryptionRule | undefined;
  readonly macOnlyEncrypted: boolean;
  readonly version: string;
}

type AgeStyle = 'enc-first' | 'recipient-first';

function ageList(keys: readonly AgeKey[], style: AgeStyle): Node {
  return {
    kind: 'seq',
    items: keys.map((k) =>
      mapOf(
        style === 'enc-first'
          ? [entry('enc', str(k.enc)), entry('recipient', str(k.recipient))]
          : [entry('recipient', str(k.recipient)), entry('enc', str(k.enc))],
      ),
    ),
  };
}

function groupsList(groups: readonly (readonly AgeKey[])[], style: AgeStyle): Node {
  return { kind: 'seq', items: groups.map((g) => mapOf([entry('age', ageList(g, style))])) };
}

const byKey = (a: Entry, b: Entry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Builds metadata the way sops 3.13 lays it out: keys sorted, age entries `enc` then `recipient`. */
export function buildMetadata(m: NewMetadata): MapNode {
  const items: Entry[] = [
    entry('lastmodified', str(m.lastModified)),
    entry('mac', str(m.mac)),
    entry('version', str(m.version)),
  ];
  if (m.groups.length === 1) items.push(entry('age', ageList(m.groups[0] ?? [], 'enc-first')));
  else {
    items.push(entry('key_groups', groupsList(m.groups, 'enc-first')));
    if (m.shamirThreshold > 0) items.push(entry('shamir_threshold', { kind: 'int', value: BigInt(m.shamirThreshold) }));
  }
  if (m.rule) items.push(entry(m.rule.kind, str(m.rule.value)));
  if (m.macOnlyEncrypted) items.push(entry('mac_only_encrypted', { kind: 'bool', value: true }));
  return mapOf(items.sort(byKey));
}

function entriesOf(map: MapNode): Entry[] {
  return map.items.filter((i): i is Entry => i.kind === 'entry');
}

function isAlphabetical(map: MapNode): boolean {
  const keys = entriesOf(map).map((e) => e.key);
  return keys.every((k, i) => i === 0 || (keys[i - 1] ?? '') <= k);
}

function insertIndex(map: MapNode, key: string, alpha: boolean): number {
  const rank = (k: string): number => (alpha ? 0 : STRUCT_ORDER.indexOf(k));
  const idx = map.items.findIndex((i) => i.kind === 'entry' && (alpha ? i.key > key : rank(i.key) > rank(key)));
  return idx < 0 ? map.items.length : idx;
}

/** Sets (replacing in place, or inserting where this layout puts it) or removes a metadata field. */
export function setField(map: MapNode, key: string, value: Node | undefined): MapNode {
  const at = map.items.findIndex((i) => i.kind === 'entry' && i.key === key);
  const items = [...map.items];
  if (value === undefined) {
    if (at >= 0) items.splice(at, 1);
  } else if (at >= 0) items[at] = entry(key, value);
  else items.splice(insertIndex(map, key, isAlphabetical(map)), 0, entry(key, value));
  return mapOf(items);
}

function ageStyleOf(raw: MapNode): AgeStyle {
  let list = getEntry(raw, 'age');
  const kg = getEntry(raw, 'key_groups');
  if (list?.kind !== 'seq' && kg?.kind === 'seq' && kg.items[0]?.kind === 'map') list = getEntry(kg.items[0], 'age');
  const first = list?.kind === 'seq' ? list.items[0] : undefined;
  const firstKey = first?.kind === 'map' ? first.items.find((i) => i.kind === 'entry') : undefined;
  return firstKey?.kind === 'entry' && firstKey.key === 'recipient'
    ? 'recipient-first'
    : isAlphabetical(raw)
      ? 'enc-first'
      : 'recipient-first';
}

/**
 * Replaces the key groups in existing metadata, keeping its layout. Non-age
 * keys are dropped (they cannot be re-wrapped here); empty `pgp: []`-style
 * lists of old layouts are kept as they were.
 */
export function replaceKeyGroups(raw: MapNode, groups: readonly (readonly AgeKey[])[], threshold: number): MapNode {
  const style = ageStyleOf(raw);
  let out = raw;
  for (const k of OTHER_KEY_TYPES) {
    const v = getEntry(out, k);
    if (v?.kind === 'seq' && v.items.length > 0) out = setField(out, k, undefined);
  }
  if (groups.length === 1) {
    out = setField(out, 'key_groups', undefined);
    out = setField(out, 'shamir_threshold', undefined);
    return setField(out, 'age', ageList(groups[0] ?? [], style));
  }
  out = setField(out, 'age', undefined);
  out = setField(out, 'key_groups', groupsList(groups, style));
  return setField(out, 'shamir_threshold', threshold > 0 ? { kind: 'int', value: BigInt(threshold) } : undefined);
}
