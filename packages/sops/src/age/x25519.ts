import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import type { AgeFile, Stanza } from './format.js';

/**
 * age's X25519 recipient type on Node's own crypto. Loading the pure-JS
 * `age-encryption` costs ~60 ms of start-up, more than the whole decryption
 * of a sops file, so the common X25519 case opens here and only other stanza
 * types (post-quantum hybrid) go to the library.
 */
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
const X25519_INFO = 'age-encryption.org/v1/X25519';
const ZERO_NONCE = Buffer.alloc(12);

const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

function chachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Buffer): Buffer | undefined {
  if (sealed.length < 16) return undefined;
  try {
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    return undefined;
  }
}

export function chachaSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Buffer {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** An X25519 identity: the 32-byte scalar as a Node KeyObject, plus its public key. */
export class X25519Key {
  readonly #priv: KeyObject;
  readonly publicKey: Buffer;

  constructor(secret: Uint8Array) {
    this.#priv = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.#priv).export({ format: 'der', type: 'spki' }).subarray(-32);
  }

  /** Returns the 16-byte file key if this stanza was made for this key, else undefined. */
  unwrap(stanza: Stanza): Buffer | undefined {
    const shareText = stanza.args[0];
    if (stanza.type !== 'X25519' || stanza.args.length !== 1 || shareText === undefined || stanza.body.length !== 32)
      return undefined;
    const share = Buffer.from(shareText, 'base64');
    if (share.length !== 32) return undefined;
    let shared: Buffer;
    try {
      shared = diffieHellman({
        privateKey: this.#priv,
        publicKey: createPublicKey({ key: Buffer.concat([SPKI_X25519, share]), format: 'der', type: 'spki' }),
      });
    } catch {
      return undefined;
    }
    if (shared.every((b) => b === 0)) return undefined;
    const wrapKey = hkdf(shared, Buffer.concat([share, this.publicKey]), X25519_INFO);
    return chachaOpen(wrapKey, ZERO_NONCE, stanza.body);
  }
}

/**
 * Verifies the header MAC and decrypts the payload with a recovered file key.
 * sops' payloads (32/33 bytes) are a single final STREAM chunk; larger
 * payloads are decrypted chunk by chunk. Undefined when anything fails.
 */
export function openPayload(file: AgeFile, fileKey: Buffer): Buffer | undefined {
  const mac = createHmac('sha256', hkdf(fileKey, new Uint8Array(0), 'header'))
    .update(file.macInput)
    .digest();
  if (!timingSafeEqual(mac, file.mac) || file.payload.length < 16 + 16) return undefined;
  const key = hkdf(fileKey, file.payload.subarray(0, 16), 'payload');
  const body = file.payload.subarray(16);
  const CHUNK = 64 * 1024 + 16;
  const out: Buffer[] = [];
  for (let i = 0, n = 0; i < body.length; i += CHUNK, n++) {
    const last = i + CHUNK >= body.length;
    const nonce = Buffer.alloc(12);
    nonce.writeUIntBE(n, 5, 6);
    nonce[11] = last ? 1 : 0;
    const plain = chachaOpen(key, nonce, body.subarray(i, i + CHUNK));
    if (!plain) return undefined;
    out.push(plain);
  }
  return Buffer.concat(out);
}
