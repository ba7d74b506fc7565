import { sopsError } from '../errors.js';
import { bech32Decode } from './bech32.js';
import { dearmor, parseAgeFile } from './format.js';
import type { AgeIdentity } from './identity.js';
import { openPayload } from './x25519.js';

/** Outcome of trying to open one `enc` field. */
export type OpenResult =
  | { readonly kind: 'opened'; readonly key: Buffer }
  /** No stanza was made for any of the identities. */
  | { readonly kind: 'not-ours' }
  /** A stanza matched but the file did not open (corrupt `enc`, wrong key material). */
  | { readonly kind: 'failed' };

async function openWithLibrary(armored: string, identities: readonly AgeIdentity[]): Promise<OpenResult> {
  const age = await import('age-encryption');
  const d = new age.Decrypter();
  for (const id of identities) d.addIdentity(id.revealSecret());
  try {
    return { kind: 'opened', key: Buffer.from(await d.decrypt(age.armor.decode(armored))) };
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    return /no identity matched/i.test(msg) ? { kind: 'not-ours' } : { kind: 'failed' };
  }
}

/**
 * Opens an armored age file (a sops `enc` field) with any of the identities.
 * X25519 stanzas are opened natively; other stanza types are handed to
 * `age-encryption`, loaded only then.
 */
export async function openEnc(armored: string, identities: readonly AgeIdentity[]): Promise<OpenResult> {
  const file = (() => {
    const bin = dearmor(armored);
    return bin ? parseAgeFile(bin) : undefined;
  })();
  if (!file) return { kind: 'failed' };
  for (const stanza of file.stanzas) {
    for (const id of identities) {
      const fileKey = id.x25519?.unwrap(stanza);
      if (fileKey === undefined) continue;
      const key = openPayload(file, fileKey);
      return key ? { kind: 'opened', key } : { kind: 'failed' };
    }
  }
  const others = file.stanzas.some((s) => s.type !== 'X25519') && identities.some((i) => i.kind !== 'x25519');
  return others ? openWithLibrary(armored, identities) : { kind: 'not-ours' };
}

/** Checks a recipient string; throws SOPS_INVALID_RECIPIENT / SOPS_UNSUPPORTED. */
export function checkRecipient(recipient: string): void {
  if (/^(ssh-ed25519|ssh-rsa) /.test(recipient)) {
    throw sopsError('SOPS_UNSUPPORTED', `SSH age recipients are not supported (${recipient.slice(0, 24)}…)`);
  }
  const d = bech32Decode(recipient);
  const ok = d !== undefined && ((d.hrp === 'age' && d.bytes.length === 32) || d.hrp === 'age1pq');
  if (!ok)
    throw sopsError(
      'SOPS_INVALID_RECIPIENT',
      `"${recipient.slice(0, 80)}" is not an age recipient (age1… or age1pq1…)`,
    );
}

/**
 * Encrypts the data key (or a Shamir share) to ONE recipient and armors it,
 * as sops does: one age file per recipient, ending with a newline.
 */
export async function wrapForRecipient(secret: Uint8Array, recipient: string): Promise<string> {
  checkRecipient(recipient);
  const age = await import('age-encryption');
  const e = new age.Encrypter();
  try {
    e.addRecipient(recipient);
  } catch (err) {
    throw sopsError('SOPS_INVALID_RECIPIENT', `"${recipient.slice(0, 80)}" is not a usable age recipient`, {}, err);
  }
  return age.armor.encode(await e.encrypt(secret));
}
