import { execFileSync } from 'node:child_process';
import type { Clock } from '@docugen-secrets/core';
import { generateAgeIdentity, parseIdentities, type AgeIdentity } from '@docugen-secrets/sops';
import type { SecretRef } from '@docugen-secrets/secret-store';
import { GitRepository, SopsStore } from '../src/index.js';
import { GIT_IDENTITY, repoWithRemote } from '@docugen-secrets/test-support';

/** A fresh age identity (the store's key); tests never borrow a key from elsewhere. */
export async function testIdentities(): Promise<AgeIdentity[]> {
  return parseIdentities((await generateAgeIdentity()).identity, 'test identity');
}

export interface SopsHarness {
  readonly store: SopsStore;
  readonly work: string;
  readonly remote: string;
  /** The store's age identities (a rerun opens the same files). */
  readonly identities: readonly AgeIdentity[];
  readonly newRef: (id: string) => SecretRef;
  /** Commit messages, file names and the full text of every pushed file (values must all be ENC[…]), for canary scans. */
  readonly history: () => string;
}

let n = 0;

export async function sopsHarness(options: { clock?: Clock } = {}): Promise<SopsHarness> {
  const { work, remote } = repoWithRemote();
  const identities = await testIdentities();
  const repo = new GitRepository(work, { identity: GIT_IDENTITY, pushTo: { remote: 'origin', branch: 'main' } });
  const store = new SopsStore({
    repo,
    identities,
    recipients: identities.map((i) => i.recipient),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    store,
    work,
    remote,
    identities,
    newRef: (id) => ({ id, target: { kind: 'sops', path: `secrets/test/${id}-${++n}.sops.yaml` } }),
    history: () =>
      execFileSync('git', ['log', '-p', '--format=%H %an <%ae>%n%B', 'main'], {
        cwd: remote,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
  };
}
