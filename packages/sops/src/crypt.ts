import { createHash, type Hash } from 'node:crypto';
import type { RandomSource } from '@docugen-secrets/core';
import { IvStash, looksLikeToken, openToken, parseToken, sealToken } from './cipher.js';
import { sopsError, type ErrorWhere } from './errors.js';
import type { RuleMatcher } from './rules.js';
import { inInt64 } from './gofmt.js';
import { formatPath, type Comment, type MapNode, type Node } from './tree.js';
import { leafFromPlaintext, plaintextOf, toBytes, type Leaf } from './values.js';
import { aadOf, walkDocuments, type LeafContext } from './walk.js';

/** SHA-256("sops"): the first bytes hashed when `mac_only_encrypted` is set, so both MAC kinds never collide. */
const MAC_ONLY_ENCRYPTED_INIT = createHash('sha256').update('sops').digest();

export interface CryptOptions {
  readonly key: Uint8Array;
  readonly rule: RuleMatcher;
  readonly macOnlyEncrypted: boolean;
  readonly file?: string | undefined;
}

function newMacHash(macOnlyEncrypted: boolean): Hash {
  const h = createHash('sha512');
  if (macOnlyEncrypted) h.update(MAC_ONLY_ENCRYPTED_INIT);
  return h;
}

function hashLeaf(h: Hash, leaf: Leaf): void {
  if (leaf.kind === 'comment') return;
  h.update(toBytes(plaintextOf(leaf).text));
}

export interface Decrypted {
  readonly docs: MapNode[];
  /** Uppercase hex SHA-512 over the plaintext values, to compare with the file's MAC. */
  readonly mac: string;
  /** IVs of every decrypted value, to re-encrypt unchanged values byte-identically. */
  readonly stash: IvStash;
}

function decryptComment(c: Comment, o: CryptOptions, aad: string, stash: IvStash | undefined): Comment {
  if (!looksLikeToken(c.text)) return c;
  try {
    const t = parseToken(c.text, {});
    const text = openToken(t, o.key, aad, {}).toString('utf8');
    stash?.remember(aad, 'comment', text, t.iv);
    return { kind: 'comment', text, ...(c.inline === true ? { inline: true } : {}) };
  } catch {
    // sops keeps comments that do not decrypt (files from before comment encryption).
    return c;
  }
}

/** Error context, rendered only when an error is raised (the walker's path is current then). */
class LazyWhere implements ErrorWhere {
  constructor(
    readonly ctx: LeafContext,
    readonly file: string | undefined,
  ) {}
  get path(): string {
    return formatPath(this.ctx.where);
  }
}

function whereOf(ctx: LeafContext, file: string | undefined): ErrorWhere {
  return new LazyWhere(ctx, file);
}

/** The decrypted leaf and, for strings, its plaintext bytes (what sops hashes, without re-encoding). */
interface Opened {
  readonly leaf: Leaf;
  readonly bytes?: Buffer;
}

function decryptLeaf(
  leaf: Leaf,
  ctx: LeafContext,
  o: CryptOptions,
  stash: IvStash | undefined,
  asBytes: boolean,
): Opened {
  const where = whereOf(ctx, o.file);
  if (leaf.kind === 'comment') return { leaf: decryptComment(leaf, o, aadOf(ctx.path), stash) };
  if (leaf.kind === 'str' && leaf.value === '') return { leaf };
  if (leaf.kind !== 'str' || !looksLikeToken(leaf.value)) {
    throw sopsError(
      'SOPS_VALUE_NOT_ENCRYPTED',
      'the value should be encrypted but is in clear text (edited by hand?)',
      where,
    );
  }
  const token = parseToken(leaf.value, where);
  const aad = aadOf(ctx.path);
  const plain = openToken(token, o.key, aad, where);
  const out = leafFromPlaintext(token.type, plain, asBytes);
  if (!out) throw sopsError('SOPS_INVALID_VALUE', `the decrypted value is not a valid ${token.type}`, where);
  stash?.remember(aad, token.type, out.kind === 'bytes' ? out.value : plaintextOf(out).text, token.iv);
  return out.kind === 'str' ? { leaf: out, bytes: plain } : { leaf: out };
}

/**
 * Decrypts every selected leaf (AAD = key path) and recomputes the MAC over
 * the plaintext in document order — comments and nulls excluded, clear
 * values included unless `mac_only_encrypted`.
 */
export function decryptDocuments(
  docs: readonly MapNode[],
  o: CryptOptions,
  asBytes = false,
  keepIvs = true,
): Decrypted {
  const h = newMacHash(o.macOnlyEncrypted);
  const stash = new IvStash();
  const stashed = keepIvs ? stash : undefined;
  const out = walkDocuments(docs, (leaf, ctx) => {
    if (leaf.kind === 'null') return leaf;
    const selected = o.rule.shouldEncrypt(ctx.path, ctx.comments);
    const opened = selected ? decryptLeaf(leaf, ctx, o, stashed, asBytes) : { leaf };
    if (!o.macOnlyEncrypted || selected) {
      if (opened.bytes) h.update(opened.bytes);
      else hashLeaf(h, opened.leaf);
    }
    return opened.leaf;
  });
  return { docs: out, mac: h.digest('hex').toUpperCase(), stash };
}

export interface Encrypted {
  readonly docs: MapNode[];
  readonly mac: string;
}

function encryptLeaf(
  leaf: Leaf,
  ctx: LeafContext,
  o: CryptOptions,
  random: RandomSource,
  stash: IvStash | undefined,
): Node | Comment {
  const { type, text } = plaintextOf(leaf);
  if (text.length === 0) return leaf;
  const token = sealToken(type, text, o.key, aadOf(ctx.path), random, stash);
  if (leaf.kind === 'comment')
    return ctx.inSeq
      ? { kind: 'str', value: token }
      : { kind: 'comment', text: token, ...(leaf.inline === true ? { inline: true } : {}) };
  return { kind: 'str', value: token };
}

/**
 * Encrypts every selected leaf with fresh IVs (or stashed ones for unchanged
 * values) and computes the MAC the same way decryption recomputes it.
 */
export function encryptDocuments(
  docs: readonly MapNode[],
  o: CryptOptions,
  random: RandomSource,
  stash?: IvStash,
): Encrypted {
  const h = newMacHash(o.macOnlyEncrypted);
  const out = walkDocuments(docs, (leaf, ctx) => {
    if (leaf.kind === 'null') return leaf;
    // go-yaml reads 2^63 … 2^64-1 as uint64, which sops cannot walk (and `type:int` must fit int64).
    if (leaf.kind === 'int' && !inInt64(leaf.value))
      throw sopsError(
        'SOPS_INVALID_VALUE',
        'the integer does not fit in 64 bits signed; sops refuses it (quote it to store a string)',
        whereOf(ctx, o.file),
      );
    const selected = o.rule.shouldEncrypt(ctx.path, ctx.comments);
    if (!o.macOnlyEncrypted || selected) hashLeaf(h, leaf);
    return selected ? encryptLeaf(leaf, ctx, o, random, stash) : leaf;
  });
  return { docs: out, mac: h.digest('hex').toUpperCase() };
}
