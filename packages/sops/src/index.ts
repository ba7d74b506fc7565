/**
 * @packageDocumentation
 * `@docugen-secrets/sops` — read and write files the real `sops` CLI (3.7–3.13)
 * accepts, with age keys. Pure functions over text; time and randomness are
 * injected; the environment is passed in; only `decryptFile`,
 * `loadIdentities` and the `.sops.yaml` helpers touch the file system.
 *
 * - {@link loadIdentities}`({ env, keyFile })` → age identities from
 *   `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, key files, sops' default key file.
 * - {@link decryptText}`(text, { format, identities, ignoreMac?, file? })` /
 *   {@link decryptFile}`(path, …)` → `{ documents, metadata, layout }`: every
 *   value authenticated (AES-256-GCM, AAD = key path) and the MAC verified
 *   (full or `mac_only_encrypted`). {@link emitPlaintext} renders it
 *   (`--output-type`, `--extract`); {@link plainValue} gives plain JS.
 * - {@link encryptDocument}`(textOrTree, { format, recipients | keyGroups, rule?, now, random })`
 *   → sops file text in sops 3.13 layout and go-yaml/Go-JSON formatting.
 * - {@link setValue}`(encryptedText, keyPath, value, identities, { format, now, random })`
 *   → new text where only that value's token changes (plus MAC and lastmodified).
 * - {@link updateKeys} (same data key, new recipients, values untouched) and
 *   {@link rotateDataKey} (new data key, every value re-encrypted).
 * - {@link parseSopsConfig} / {@link matchCreationRule} / {@link findSopsConfig}
 *   for `.sops.yaml` creation rules (path_regex → recipients, rules, key groups).
 * - Every failure is a `DocugenError<SopsErrorCode>` naming the file and the key
 *   path, never a value.
 */
export { type SopsError, type SopsErrorCode, isSopsError } from './errors.js';
export { AgeIdentity, loadIdentities, parseIdentities, type LoadIdentitiesOptions } from './age/identity.js';
export { generateAgeIdentity } from './age/generate.js';
export {
  type Scalar,
  type Comment,
  type Entry,
  type MapNode,
  type SeqNode,
  type Node,
  type PathStep,
  toPlain,
  fromPlain,
  parsePath,
  getEntry,
} from './tree.js';
export { type EncryptionRule, type RuleKind } from './rules.js';
export { type SopsMetadata, type AgeKey, type KeyGroup } from './metadata.js';
export {
  type SopsFormat,
  type Layout,
  FORMATS,
  formatFromPath,
  detectLayout,
  parseDocuments,
  emitDocuments,
} from './formats/index.js';
export { decryptText, emitPlaintext, plainValue, type DecryptResult } from './ops/decrypt.js';
export { type OpenOptions } from './ops/open.js';
export { encryptDocument, type EncryptOptions, type PlainInput } from './ops/encrypt.js';
export { setValue, type SetOptions } from './ops/set.js';
export {
  updateKeys,
  rotateDataKey,
  type UpdateKeysOptions,
  type UpdateKeysResult,
  type RotateOptions,
} from './ops/keys.js';
export {
  parseSopsConfig,
  matchCreationRule,
  findSopsConfig,
  loadSopsConfig,
  type SopsConfig,
  type CreationRule,
} from './config.js';
export { combineShares, splitSecret } from './shamir.js';
export { formatFloatF, formatFloatG } from './gofmt.js';
export { resolvePlain } from './resolve.js';
