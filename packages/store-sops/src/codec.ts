import type { Clock, RandomSource } from '@docugen-secrets/core';
import {
  decryptText,
  encryptDocument,
  isSopsError,
  plainValue,
  setValue,
  type AgeIdentity,
  type SopsErrorCode,
} from '@docugen-secrets/sops';
import { type SecretRef, storeError, type StoreErrorCode } from '@docugen-secrets/secret-store';
import { ENCRYPTED_REGEX, type DocMap } from './layout.js';

export interface SopsKeys {
  /** Age identities that can open the files (from the entrypoint: SOPS_AGE_KEY …). */
  readonly identities: readonly AgeIdentity[];
  /** Age recipients new files are encrypted to (from the manifest / .sops.yaml). */
  readonly recipients: readonly string[];
}

/** SOPS errors that mean "you may not read this" rather than "the file is damaged". */
const ACCESS: ReadonlySet<SopsErrorCode> = new Set([
  'SOPS_NO_IDENTITY',
  'SOPS_NO_MATCHING_RECIPIENT',
  'SOPS_WRONG_KEY',
  'SOPS_NOT_ENOUGH_SHARES',
]);

function wrap(ref: SecretRef, file: string, step: string, err: unknown): Error {
  if (!isSopsError(err)) return err instanceof Error ? err : new Error(String(err));
  const code: StoreErrorCode = ACCESS.has(err.code) ? 'STORE_ACCESS_DENIED' : 'STORE_CORRUPT';
  return storeError(code, ref, `SOPS file ${file} of secret "${ref.id}" (${step}): ${err.code}: ${err.message}`, {
    cause: err,
    details: { file, step, sopsError: err.code },
  });
}

/**
 * The store's use of the SOPS package: decrypt with the MAC checked, encrypt a
 * new file with only `value` leaves encrypted and every clear field in the
 * MAC, and update top-level keys so that unchanged values keep their exact
 * ciphertext (a diff shows the changed fields, the new value, the MAC and
 * lastmodified).
 */
export class SopsCodec {
  readonly #keys: SopsKeys;
  readonly #clock: Clock;
  readonly #random: RandomSource;

  constructor(keys: SopsKeys, clock: Clock, random: RandomSource) {
    this.#keys = keys;
    this.#clock = clock;
    this.#random = random;
  }

  async decrypt(ref: SecretRef, file: string, text: string): Promise<Record<string, unknown>> {
    try {
      return plainValue(await decryptText(text, { format: 'yaml', identities: this.#keys.identities, file }));
    } catch (err) {
      throw wrap(ref, file, 'decrypt', err);
    }
  }

  async encrypt(ref: SecretRef, file: string, doc: DocMap): Promise<string> {
    try {
      return await encryptDocument(doc, {
        format: 'yaml',
        recipients: this.#keys.recipients,
        rule: { kind: 'encrypted_regex', value: ENCRYPTED_REGEX },
        macOnlyEncrypted: false,
        now: this.#clock,
        random: this.#random,
        file,
      });
    } catch (err) {
      throw wrap(ref, file, 'encrypt', err);
    }
  }

  /** Rewrites the top-level keys whose content changed, one `setValue` each (each verifies the MAC first). */
  async update(ref: SecretRef, file: string, text: string, before: DocMap, after: DocMap): Promise<string> {
    let out = text;
    try {
      for (const key of Object.keys(after)) {
        const next = after[key];
        if (next === undefined || JSON.stringify(before[key]) === JSON.stringify(next)) continue;
        out = await setValue(out, [key], next, this.#keys.identities, {
          format: 'yaml',
          now: this.#clock,
          random: this.#random,
          file,
        });
      }
    } catch (err) {
      throw wrap(ref, file, 'update', err);
    }
    return out;
  }
}
