import { DocugenError } from '@docugen-secrets/core';

/**
 * Every way reading or writing a SOPS file can fail, one stable code each.
 * Tests and callers branch on the code; the message names the file and the
 * key path of the failing value and never contains a value.
 */
export type SopsErrorCode =
  /** The text is not valid YAML/JSON/dotenv, or has a shape sops refuses (top-level list, duplicate key). */
  | 'SOPS_PARSE_ERROR'
  /** The file has no `sops` metadata: it is not a sops-encrypted file. */
  | 'SOPS_NOT_ENCRYPTED'
  /** Encrypting a document that already carries `sops` metadata. */
  | 'SOPS_ALREADY_ENCRYPTED'
  /** The `sops` metadata is present but unusable (bad lastmodified, two rules, bad key list …). */
  | 'SOPS_MALFORMED_METADATA'
  /** No age identity was supplied or found (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, key file). */
  | 'SOPS_NO_IDENTITY'
  /** None of the file's recipients belongs to the supplied identities. */
  | 'SOPS_NO_MATCHING_RECIPIENT'
  /** A recipient matched but its `enc` stanza did not open (wrong or corrupt key material). */
  | 'SOPS_WRONG_KEY'
  /** Fewer Shamir shares were recovered than `shamir_threshold` requires. */
  | 'SOPS_NOT_ENOUGH_SHARES'
  /** AES-GCM authentication of a value failed: ciphertext, IV, tag or key path was altered. */
  | 'SOPS_VALUE_TAMPERED'
  /** A value selected for encryption is not an `ENC[...]` token (hand-edited to clear text). */
  | 'SOPS_VALUE_NOT_ENCRYPTED'
  /** An `ENC[...]` token is truncated or malformed (bad base64, IV/tag length). */
  | 'SOPS_MALFORMED_TOKEN'
  /** A token names a cipher other than AES256_GCM. */
  | 'SOPS_UNKNOWN_CIPHER'
  /** A token's `type:` is not one sops writes (str/int/float/bool/time/comment/bytes). */
  | 'SOPS_UNKNOWN_VALUE_TYPE'
  /** A decrypted plaintext does not parse as its declared type. */
  | 'SOPS_INVALID_VALUE'
  /** The recomputed MAC differs and no reordering explains it: a value stored in clear was changed (or the MAC itself). */
  | 'SOPS_MAC_MISMATCH'
  /** The recomputed MAC differs because the keys of a map (or items of a list) were reordered after encryption. */
  | 'SOPS_KEYS_REORDERED'
  /** The `mac` field is missing or empty. */
  | 'SOPS_MAC_MISSING'
  /** An age recipient string is invalid or of an unsupported kind (SSH, plugin). */
  | 'SOPS_INVALID_RECIPIENT'
  /** An age identity (secret key) is invalid. */
  | 'SOPS_INVALID_IDENTITY'
  /** A key file could not be read. */
  | 'SOPS_KEY_FILE'
  /** `.sops.yaml` is invalid. */
  | 'SOPS_CONFIG_INVALID'
  /** No creation rule of `.sops.yaml` matches the file. */
  | 'SOPS_NO_CREATION_RULE'
  /** An encryption rule (suffix/regex) is invalid, or more than one is set. */
  | 'SOPS_INVALID_RULE'
  /** A key path or a data key is where sops keeps its metadata (`sops`; `sops_…` in dotenv): set/encrypt would corrupt the file. */
  | 'SOPS_RESERVED_KEY'
  /** A writer produced a text its own reader rejects (a bug): nothing was returned, nothing written. */
  | 'SOPS_WRITE_UNREADABLE'
  /** A key path (`["a"][0]`) is malformed or does not exist in the document. */
  | 'SOPS_PATH_NOT_FOUND'
  /** The operation needs a feature this implementation does not provide (PGP/KMS re-wrap, SSH keys). */
  | 'SOPS_UNSUPPORTED';

/** The error every function of this package throws. */
export type SopsError = DocugenError<SopsErrorCode>;

/** Context that makes a message useful: which file, which value. Never a value. */
export interface ErrorWhere {
  readonly file?: string | undefined;
  readonly path?: string | undefined;
}

/** Builds a SopsError whose message starts with `file: path:` when known. */
export function sopsError(code: SopsErrorCode, what: string, where: ErrorWhere = {}, cause?: unknown): SopsError {
  const prefix = [where.file, where.path === undefined ? undefined : `at ${where.path}`]
    .filter((p) => p !== undefined && p !== '')
    .join(' ');
  const details: Record<string, string> = {};
  if (where.file !== undefined) details['file'] = where.file;
  if (where.path !== undefined) details['path'] = where.path;
  return new DocugenError<SopsErrorCode>(code, prefix === '' ? what : `${prefix}: ${what}`, { cause, details });
}

/** True for a SopsError (optionally of the given codes). */
export function isSopsError(err: unknown, ...codes: SopsErrorCode[]): err is SopsError {
  return (
    err instanceof DocugenError &&
    (err.code as string).startsWith('SOPS_') &&
    (codes.length === 0 || codes.includes(err.code as SopsErrorCode))
  );
}
