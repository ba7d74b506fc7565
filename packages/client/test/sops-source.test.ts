import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAgeIdentity, parseIdentities, type AgeIdentity } from '@docugen-secrets/sops';
import { GitRepository, SopsStore } from '@docugen-secrets/store-sops';
import { rotationToken, type SecretRef } from '@docugen-secrets/secret-store';
import { canary, GIT_IDENTITY, ManualTimers, Observed, TempRepo } from '@docugen-secrets/test-support';
import { createSecretClient, SopsSource } from '../src/index.js';

/** `keys` is the source's own identity list: emptying it makes any decryption fail, which proves when none happens. */
async function setup(
  id: string,
): Promise<{ store: SopsStore; ref: SecretRef; source: SopsSource; root: string; path: string; keys: AgeIdentity[] }> {
  const repo = new TempRepo('docugen-client-sops-');
  repo.commit('root');
  const identities = await parseIdentities((await generateAgeIdentity()).identity, 'test identity');
  const store = new SopsStore({
    repo: new GitRepository(repo.dir, { identity: GIT_IDENTITY }),
    identities,
    recipients: identities.map((i) => i.recipient),
  });
  const path = `secrets/test/${id}.sops.yaml`;
  const keys = [...identities];
  const source = new SopsSource({ root: repo.dir, files: { [id]: path }, identities: keys });
  return { store, ref: { id, target: { kind: 'sops', path } }, source, root: repo.dir, path, keys };
}

describe('SopsSource', () => {
  it('stat first, clear ids next, decrypt only when the ids changed; follows a rotation', async () => {
    const id = 'sops-rotation';
    const { store, ref, source } = await setup(id);
    await store.create(ref, { initialValue: { kind: 'string', value: 'one' } });
    const timers = new ManualTimers();
    const client = createSecretClient({ source, clock: timers, timers, jitter: 0, refreshInterval: 'PT1M' });
    await client.load([id]);
    expect(client.get(id)).toBe('one');
    const token = rotationToken(id, 'slot-1');
    await store.putPending(ref, { kind: 'string', value: 'two' }, token);
    await timers.advance(60_000);
    expect(client.versions(id).pending?.versionId).toBe(token);
    await store.promote(ref, token);
    await timers.advance(60_000);
    expect(client.get(id)).toBe('two');
    expect(client.matches(id, 'one')).toBe(true);
    const previous = client.versions(id).previous?.versionId ?? '';
    await store.retire(ref, previous);
    await timers.advance(60_000);
    expect(client.matches(id, 'one')).toBe(false);
    client.close();
  });

  it('an unchanged file is not decrypted again; a hand-swapped stage fails the MAC and the last value is served', async () => {
    const id = 'sops-tamper';
    const { store, ref, source, root, path, keys } = await setup(id);
    const value = canary('sops');
    await store.create(ref, { initialValue: { kind: 'string', value } });
    const token = rotationToken(id, 'slot-1');
    await store.putPending(ref, { kind: 'string', value: 'two' }, token);
    await store.promote(ref, token);
    const timers = new ManualTimers();
    const client = createSecretClient({ source, clock: timers, timers, jitter: 0, refreshInterval: 'PT1M' });
    await client.load([id]);
    const saved = keys.splice(0);
    await timers.advance(10 * 60_000);
    const file = join(root, path);
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}\n`);
    await timers.advance(60_000);
    expect(client.health().secrets[0]?.consecutiveFailures).toBe(0);
    keys.push(...saved);
    await writeFile(
      file,
      text
        .replace('stage: current', 'stage: xcurrent')
        .replace('stage: previous', 'stage: current')
        .replace('stage: xcurrent', 'stage: previous'),
    );
    await timers.advance(60_000);
    expect(client.get(id)).toBe('two');
    const h = client.health().secrets[0];
    expect(h).toMatchObject({ consecutiveFailures: 1, lastErrorCode: 'CLIENT_BAD_VALUE' });
    const seen = new Observed();
    seen.add(JSON.stringify(h));
    expect(seen.text()).not.toContain(value);
    client.close();
  });
});
