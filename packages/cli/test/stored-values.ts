import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptText, parseIdentities, plainValue } from '@docugen-secrets/sops';

/** JSON members of stored values that hold secret material (provider credentials, private JWK members). */
const SECRET_MEMBERS = new Set(['secret', 'secretAccessKey', 'keyString', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'k']);

function secretsOf(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null)
      return Object.entries(parsed).flatMap(([k, v]) => (SECRET_MEMBERS.has(k) && typeof v === 'string' ? [v] : []));
  } catch {
    /* a plain value: all of it is secret */
  }
  return [text];
}

/**
 * Every secret value a `start` run's stores hold now (`local` is its `.local/`):
 * the embedded Secrets Manager's state, every SOPS version decrypted, and the
 * local age key. Values under 16 characters are left out (they would match by chance).
 */
export async function storedSecrets(local: string): Promise<string[]> {
  const sm = JSON.parse(await readFile(join(local, 'secrets-manager.json'), 'utf8')) as {
    secrets: { versions: { value?: { text?: string } }[] }[];
  };
  const fromSm = sm.secrets.flatMap((s) =>
    s.versions.flatMap((v) => (typeof v.value?.text === 'string' ? secretsOf(v.value.text) : [])),
  );
  const keyText = await readFile(join(local, 'age-key.txt'), 'utf8');
  const identities = await parseIdentities(keyText, 'key');
  const fromSops: string[] = [];
  for (const id of ['webhook-hmac-secret', 'document-signing-key']) {
    const text = await readFile(join(local, 'sops-repo', 'secrets', 'production', `${id}.sops.yaml`), 'utf8');
    const doc = plainValue(await decryptText(text, { format: 'yaml', identities })) as {
      versions: { value?: string }[];
    };
    fromSops.push(...doc.versions.flatMap((v) => (typeof v.value === 'string' ? secretsOf(v.value) : [])));
  }
  const ageKey = keyText.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-')) ?? '';
  return [...fromSm, ...fromSops, ageKey].filter((v) => v.length >= 16);
}
