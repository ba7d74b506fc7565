import type { Clock, RandomSource } from '@docugen-secrets/core';
import type { AgeIdentity } from '../age/identity.js';
import { sopsError } from '../errors.js';
import { isReservedKey, type SopsFormat } from '../formats/index.js';
import { entry, formatPath, fromPlain, mapOf, type MapNode, type Node, type PathStep } from '../tree.js';
import { openFile } from './open.js';
import { reencrypt } from './reencrypt.js';

export interface SetOptions {
  readonly format: SopsFormat;
  readonly now: Date | Clock;
  readonly random: RandomSource;
  readonly file?: string | undefined;
}

function setIn(node: Node, path: readonly PathStep[], value: Node, where: readonly PathStep[], file?: string): Node {
  const [step, ...rest] = path;
  if (step === undefined) return value;
  const here = [...where, step];
  if (typeof step === 'string') {
    const map: MapNode = node.kind === 'map' ? node : node.kind === 'null' ? mapOf([]) : fail(here, file);
    const at = map.items.findIndex((i) => i.kind === 'entry' && i.key === step);
    const old = at >= 0 ? (map.items[at] as { value: Node }).value : mapOf([]);
    const items = [...map.items];
    const next = entry(step, setIn(old, rest, value, here, file));
    if (at >= 0) items[at] = next;
    else items.push(next);
    return mapOf(items);
  }
  if (node.kind !== 'seq') return fail(here, file);
  const positions = node.items.flatMap((i, k) => (i.kind === 'comment' ? [] : [k]));
  const items = [...node.items];
  const pos = positions[step];
  if (pos !== undefined) items[pos] = setIn(items[pos] as Node, rest, value, here, file);
  else if (step === positions.length) items.push(setIn(mapOf([]), rest, value, here, file));
  else fail(here, file);
  return { kind: 'seq', items };
}

function fail(path: readonly PathStep[], file?: string): never {
  throw sopsError(
    'SOPS_PATH_NOT_FOUND',
    'cannot set a value here (a parent is not a map/list, or the list index is out of range)',
    { file, path: formatPath(path) },
  );
}

/**
 * Sets one value (or subtree) at a key path and re-encrypts: the MAC is
 * verified first, only the changed value gets a new token, every other token
 * stays byte-identical, and the MAC and `lastmodified` are renewed. Missing
 * map keys are created; a list index may be at most the list's length. A
 * path into the metadata (`["sops"]…`, dotenv `sops_…`) is SOPS_RESERVED_KEY.
 */
export async function setValue(
  encryptedText: string,
  keyPath: readonly PathStep[],
  newValue: Node | string | number | boolean | null | Readonly<Record<string, unknown>> | readonly unknown[],
  identities: readonly AgeIdentity[],
  o: SetOptions,
): Promise<string> {
  const [head] = keyPath;
  if (typeof head !== 'string')
    throw sopsError('SOPS_PATH_NOT_FOUND', 'the key path must start with a map key', {
      file: o.file,
      path: formatPath(keyPath),
    });
  if (isReservedKey(head, o.format))
    throw sopsError(
      'SOPS_RESERVED_KEY',
      'the key path points into the sops metadata, which only sops itself writes; nothing was changed',
      { file: o.file, path: formatPath(keyPath) },
    );
  const f = await openFile(encryptedText, { format: o.format, identities, file: o.file });
  const value = isNode(newValue) ? newValue : fromPlain(newValue);
  const [first, ...others] = f.plain;
  const docs = [setIn(first ?? mapOf([]), keyPath, value, [], o.file) as MapNode, ...others];
  return reencrypt(f, docs, { now: o.now instanceof Date ? o.now : o.now.now(), random: o.random });
}

function isNode(v: unknown): v is Node {
  if (typeof v !== 'object' || v === null || !('kind' in v)) return false;
  const kind = v.kind;
  return (
    typeof kind === 'string' && ['str', 'int', 'float', 'bool', 'null', 'time', 'bytes', 'map', 'seq'].includes(kind)
  );
}
