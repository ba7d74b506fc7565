import { formatFloatF, formatRfc3339Nano, parseGoBool, parseGoFloat, parseGoInt, parseRfc3339 } from './gofmt.js';
import type { Comment, Scalar } from './tree.js';

/** The `type:` tags sops writes (`bytes` is read-only in sops; we write raw bytes as `str`). */
export type ValueType = 'str' | 'int' | 'float' | 'bool' | 'time' | 'comment' | 'bytes';

export const VALUE_TYPES: readonly ValueType[] = ['str', 'int', 'float', 'bool', 'time', 'comment', 'bytes'];

const enc = new TextEncoder();

/** A leaf that can be encrypted: a non-null scalar or a comment. */
export type Leaf = Exclude<Scalar, { kind: 'null' }> | Comment;

/**
 * sops `ToBytes`: the exact plaintext bytes that are encrypted and hashed
 * (`True`/`False`, Go `FormatFloat('f')`, decimal ints, RFC3339Nano times).
 */
export function plaintextOf(leaf: Leaf): { type: ValueType; text: string | Uint8Array } {
  switch (leaf.kind) {
    case 'str':
      return { type: 'str', text: leaf.value };
    case 'int':
      return { type: 'int', text: leaf.value.toString() };
    case 'float':
      return { type: 'float', text: formatFloatF(leaf.value) };
    case 'bool':
      return { type: 'bool', text: leaf.value ? 'True' : 'False' };
    case 'time':
      return { type: 'time', text: leaf.value };
    case 'bytes':
      return { type: 'str', text: leaf.value };
    case 'comment':
      return { type: 'comment', text: leaf.text };
  }
}

export function toBytes(text: string | Uint8Array): Uint8Array {
  return typeof text === 'string' ? enc.encode(text) : text;
}

/**
 * Turns decrypted bytes back into a leaf of the token's type; undefined when
 * the text does not parse as that type. `asBytes` keeps a `str` as raw bytes
 * (binary store).
 */
export function leafFromPlaintext(type: ValueType, bytes: Buffer, asBytes = false): Leaf | undefined {
  if (type === 'bytes' || (asBytes && type === 'str')) return { kind: 'bytes', value: new Uint8Array(bytes) };
  const text = bytes.toString('utf8');
  switch (type) {
    case 'str':
      return { kind: 'str', value: text };
    case 'comment':
      return { kind: 'comment', text };
    case 'int': {
      const v = parseGoInt(text);
      return v === undefined ? undefined : { kind: 'int', value: v };
    }
    case 'float': {
      const v = parseGoFloat(text);
      return v === undefined ? undefined : { kind: 'float', value: v };
    }
    case 'bool': {
      const v = parseGoBool(text);
      return v === undefined ? undefined : { kind: 'bool', value: v };
    }
    case 'time': {
      const t = parseRfc3339(text);
      return t === undefined ? undefined : { kind: 'time', value: formatRfc3339Nano(t) };
    }
  }
}
