import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { RandomSource } from '@docugen-secrets/core';
import { sopsError, type ErrorWhere } from './errors.js';
import { VALUE_TYPES, toBytes, type ValueType } from './values.js';

/**
 * The value token `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` (aes/cipher.go):
 * AES-256-GCM, 32-byte IV, 16-byte tag, standard padded base64, AAD = the
 * key path joined by `:` plus a trailing `:`.
 */
export interface Token {
  readonly data: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly type: ValueType;
}

const PREFIX = 'ENC[AES256_GCM,data:';
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when the text looks like any sops token (even a malformed one). */
export function looksLikeToken(text: string): boolean {
  return text.startsWith('ENC[');
}

function b64(field: string, what: string, where: ErrorWhere): Buffer {
  if (field.length % 4 !== 0 || !B64.test(field))
    throw sopsError('SOPS_MALFORMED_TOKEN', `the token's ${what} is not valid base64 (truncated or edited?)`, where);
  return Buffer.from(field, 'base64');
}

/** Parses a token; throws SOPS_UNKNOWN_CIPHER / SOPS_MALFORMED_TOKEN / SOPS_UNKNOWN_VALUE_TYPE. */
export function parseToken(text: string, where: ErrorWhere): Token {
  if (!text.startsWith(PREFIX)) {
    const comma = text.indexOf(',');
    if (text.startsWith('ENC[') && comma > 4 && !text.startsWith('ENC[AES256_GCM,')) {
      throw sopsError(
        'SOPS_UNKNOWN_CIPHER',
        `the token uses cipher "${text.slice(4, comma).slice(0, 32)}"; only AES256_GCM is supported`,
        where,
      );
    }
    throw sopsError('SOPS_MALFORMED_TOKEN', 'the ENC[...] token is malformed or truncated', where);
  }
  const iv = text.indexOf(',iv:', PREFIX.length);
  const tag = text.indexOf(',tag:', iv + 4);
  const type = text.indexOf(',type:', tag + 5);
  if (iv < 0 || tag < 0 || type < 0 || !text.endsWith(']'))
    throw sopsError('SOPS_MALFORMED_TOKEN', 'the ENC[...] token is malformed or truncated', where);
  const typeName = text.slice(type + 6, -1);
  if (!(VALUE_TYPES as readonly string[]).includes(typeName))
    throw sopsError('SOPS_UNKNOWN_VALUE_TYPE', `the token has unknown type "${typeName.slice(0, 16)}"`, where);
  const token: Token = {
    data: b64(text.slice(PREFIX.length, iv), 'data', where),
    iv: b64(text.slice(iv + 4, tag), 'iv', where),
    tag: b64(text.slice(tag + 5, type), 'tag', where),
    type: typeName as ValueType,
  };
  if (token.iv.length === 0 || token.tag.length !== 16 || token.data.length === 0) {
    throw sopsError('SOPS_MALFORMED_TOKEN', 'the token has an empty IV/data or a tag that is not 16 bytes', where);
  }
  return token;
}

export function formatToken(t: Token): string {
  return `${PREFIX}${t.data.toString('base64')},iv:${t.iv.toString('base64')},tag:${t.tag.toString('base64')},type:${t.type}]`;
}

/** Decrypts a token's data with AAD; throws SOPS_VALUE_TAMPERED when GCM authentication fails. */
export function openToken(token: Token, key: Uint8Array, aad: string, where: ErrorWhere): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', key, token.iv, { authTagLength: 16 });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(token.tag);
    // GCM is a stream mode: update() returns all plaintext; final() only checks the tag.
    const out = d.update(token.data);
    d.final();
    return out;
  } catch (err) {
    throw sopsError(
      'SOPS_VALUE_TAMPERED',
      'the value failed authentication (ciphertext, IV, tag or key path was altered, or the data key is wrong)',
      where,
      err,
    );
  }
}

/**
 * IVs seen while decrypting, keyed by (AAD, type, plaintext) — sops' cipher
 * "stash". Re-encrypting an unchanged value reuses its IV, so with the same
 * data key the token comes out byte-identical and a git diff shows only what
 * really changed.
 */
export class IvStash {
  readonly #ivs = new Map<string, Buffer>();

  static key(aad: string, type: ValueType, text: string | Uint8Array): string {
    return `${aad}\u0000${type}\u0000${typeof text === 'string' ? `s${text}` : `b${Buffer.from(text).toString('base64')}`}`;
  }
  remember(aad: string, type: ValueType, text: string | Uint8Array, iv: Buffer): void {
    this.#ivs.set(IvStash.key(aad, type, text), iv);
  }
  get(aad: string, type: ValueType, text: string | Uint8Array): Buffer | undefined {
    return this.#ivs.get(IvStash.key(aad, type, text));
  }
}

/** Encrypts plaintext into a token string, reusing a stashed IV for unchanged values. */
export function sealToken(
  type: ValueType,
  text: string | Uint8Array,
  key: Uint8Array,
  aad: string,
  random: RandomSource,
  stash?: IvStash,
): string {
  const iv = stash?.get(aad, type, text) ?? Buffer.from(random.bytes(32));
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const data = c.update(toBytes(text));
  c.final();
  return formatToken({ data, iv, tag: c.getAuthTag(), type });
}
