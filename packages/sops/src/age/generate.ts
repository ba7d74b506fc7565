/**
 * A new native age identity and its recipient, made by `age-encryption`
 * (typage, the reference TypeScript age), loaded only when a key is made.
 * X25519 on purpose, not `generateIdentity()`'s future default (post-quantum
 * hybrid): every `sops` and `age` CLI in use reads X25519 keys, so files
 * encrypted to this key stay readable by the real tools.
 * The identity is a secret: write it to a 0600 file, never to a log.
 */
export async function generateAgeIdentity(): Promise<{ identity: string; recipient: string }> {
  const age = await import('age-encryption');
  const identity = await age.generateX25519Identity();
  return { identity, recipient: await age.identityToRecipient(identity) };
}
