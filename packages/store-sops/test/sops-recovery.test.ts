import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { rotationToken, type SecretRef, type SecretValue } from '@docugen-secrets/secret-store';
import { GIT_IDENTITY, canary, git } from '@docugen-secrets/test-support';
import { GitRepository, SopsStore, type Repository } from '../src/index.js';
import { sopsHarness, type SopsHarness } from './sops-harness.js';

// Issue 13 item 2: a run that stops between writing a SOPS file and committing
// it must not lose the step's commit. The crash is injected at the step
// boundary: a repository whose `commit` (or `writeFile`) fails, as if the
// process died there; a new store over the same checkout is the rerun.

const str = (value: string): SecretValue => ({ kind: 'string', value });
const V1 = str(canary('v1'));
const V2 = str(canary('v2'));
const pathOf = (ref: SecretRef): string => (ref.target.kind === 'sops' ? ref.target.path : '');

/** The repository of a run that dies at `at`: every other call goes to a real GitRepository. */
function dyingAt(h: SopsHarness, at: 'commit' | 'writeFile' | 'push'): Repository {
  const inner = new GitRepository(h.work, { identity: GIT_IDENTITY, pushTo: { remote: 'origin', branch: 'main' } });
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === at) return () => Promise.reject(new Error(`killed at ${at}`));
      if (at === 'push' && prop === 'commit') {
        // git commits, then the process dies before the push.
        return (message: string, paths: readonly string[]) => {
          git(h.work, 'add', '--', ...paths);
          git(h.work, 'commit', '--quiet', '-m', message, '--', ...paths);
          return Promise.reject(new Error('killed before push'));
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The rerun: a new store over the same checkout. */
function newStore(
  h: SopsHarness,
  keys: { readonly identities: ConstructorParameters<typeof SopsStore>[0]['identities'] },
): SopsStore {
  const repo = new GitRepository(h.work, { identity: GIT_IDENTITY, pushTo: { remote: 'origin', branch: 'main' } });
  return new SopsStore({ repo, identities: keys.identities, recipients: keys.identities.map((i) => i.recipient) });
}

const subjects = (dir: string, ref = 'main'): string[] => git(dir, 'log', '--format=%s', ref).trim().split('\n');

describe('SopsStore: a change written but not committed (crash between write and commit)', () => {
  it('is committed and pushed on the next open, with the message of the step it belongs to', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('publish');
    await h.store.create(ref, { initialValue: V1 });
    const token = rotationToken(ref.id, 'slot-1');
    const dying = new SopsStore({
      repo: dyingAt(h, 'commit'),
      identities: h.identities,
      recipients: h.identities.map((i) => i.recipient),
    });
    await expect(dying.putPending(ref, V2, token)).rejects.toThrow('killed at commit');
    expect(git(h.work, 'status', '--porcelain').trim()).toBe(`M ${pathOf(ref)}`);

    const again = newStore(h, { identities: h.identities });
    // The rerun replays the step: the file already holds it, so nothing is written again.
    await again.putPending(ref, V2, token);
    expect(subjects(h.remote).slice(0, 2)).toEqual([
      `docugen-secrets: stage pending version ${token} of ${ref.id}`,
      `docugen-secrets: create ${ref.id}`,
    ]);
    expect(git(h.work, 'status', '--porcelain')).toBe('');
    expect(git(h.work, 'show', '--format=%B', '--no-patch', 'HEAD')).toContain(
      `Secret: ${ref.id}\nFile: ${pathOf(ref)}\n`,
    );
  });

  it('recovers on any first use, a read included, and reports what it committed', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('read');
    const dying = new SopsStore({
      repo: dyingAt(h, 'commit'),
      identities: h.identities,
      recipients: h.identities.map((i) => i.recipient),
    });
    await expect(dying.create(ref, { initialValue: V1 })).rejects.toThrow('killed at commit');
    expect(git(h.work, 'status', '--porcelain').trim()).toMatch(/^\?\? secrets\//);
    const again = newStore(h, { identities: h.identities });
    expect((await again.getValue(ref, 'current'))?.value).toEqual(V1);
    expect(subjects(h.remote)[0]).toBe(`docugen-secrets: create ${ref.id}`);
    expect(await again.recover()).toEqual([
      { path: pathOf(ref), message: expect.stringMatching(/^docugen-secrets: create read\n/) as string },
    ]);
    expect(await newStore(h, { identities: h.identities }).recover()).toEqual([]); // nothing left for the next run
  });

  it('pushes a change that was committed but not pushed', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('push');
    await h.store.create(ref, { initialValue: V1 });
    const dying = new SopsStore({
      repo: dyingAt(h, 'push'),
      identities: h.identities,
      recipients: h.identities.map((i) => i.recipient),
    });
    await expect(dying.putPending(ref, V2, rotationToken(ref.id, 's'))).rejects.toThrow('killed before push');
    expect(subjects(h.remote)[0]).toBe(`docugen-secrets: create ${ref.id}`);
    const report = await newStore(h, { identities: h.identities }).recover();
    expect(report.map((r) => r.message.split('\n')[0])).toEqual([
      `docugen-secrets: stage pending version ${rotationToken(ref.id, 's')} of ${ref.id}`,
    ]);
    expect(git(h.remote, 'rev-parse', 'main')).toBe(git(h.work, 'rev-parse', 'HEAD'));
  });

  it('never commits a file that does not verify (half written, edited): a coded error, the file left for a human', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('torn');
    await h.store.create(ref, { initialValue: V1 });
    const dying = new SopsStore({
      repo: dyingAt(h, 'commit'),
      identities: h.identities,
      recipients: h.identities.map((i) => i.recipient),
    });
    await expect(dying.putPending(ref, V2, rotationToken(ref.id, 's'))).rejects.toThrow('killed at commit');
    const file = join(h.work, pathOf(ref));
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    const head = git(h.work, 'rev-parse', 'HEAD');
    const err = await newStore(h, { identities: h.identities })
      .describe(ref)
      .catch((e: unknown) => e);
    expect(isDocugenError(err, 'REPO_UNCOMMITTED_INVALID')).toBe(true);
    expect((err as Error).message).toContain(pathOf(ref));
    expect((err as Error).message).not.toContain('CANARY');
    expect(git(h.work, 'rev-parse', 'HEAD')).toBe(head);
    expect(await readFile(file, 'utf8')).toBe(text.slice(0, Math.floor(text.length / 2)));
  });

  it('forgets a change whose write never happened, and the rerun makes it as usual', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('unwritten');
    await h.store.create(ref, { initialValue: V1 });
    const token = rotationToken(ref.id, 's');
    const dying = new SopsStore({
      repo: dyingAt(h, 'writeFile'),
      identities: h.identities,
      recipients: h.identities.map((i) => i.recipient),
    });
    await expect(dying.putPending(ref, V2, token)).rejects.toThrow('killed at writeFile');
    const again = newStore(h, { identities: h.identities });
    expect(await again.recover()).toEqual([]);
    await again.putPending(ref, V2, token);
    expect(subjects(h.remote)[0]).toBe(`docugen-secrets: stage pending version ${token} of ${ref.id}`);
    expect(git(h.work, 'status', '--porcelain')).toBe('');
  });
});

describe('SopsStore in publisher mode: the run publishes its changes once', () => {
  /** A store that only writes; its repository never pushes (the publisher does). */
  function publisherStore(h: SopsHarness): { store: SopsStore; repo: GitRepository } {
    const repo = new GitRepository(h.work, { identity: GIT_IDENTITY });
    const store = new SopsStore({
      repo,
      identities: h.identities,
      recipients: h.identities.map((i) => i.recipient),
      commits: 'publisher',
    });
    return { store, repo };
  }

  it('writes every change without committing it; the intents stay open until the publisher committed', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('published');
    await h.store.create(ref, { initialValue: V1 });
    const head = git(h.work, 'rev-parse', 'HEAD');
    const { store, repo } = publisherStore(h);
    const token = rotationToken(ref.id, 's');
    await store.putPending(ref, V2, token);
    await store.promote(ref, token);
    expect(git(h.work, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(h.work, 'status', '--porcelain').trim()).toBe(`M ${pathOf(ref)}`);
    expect((await repo.openIntents()).map((i) => i.path)).toEqual([pathOf(ref)]);
    git(h.work, 'commit', '--quiet', '-m', 'the publisher', '--', pathOf(ref)); // what the publisher does
    await repo.dropIntent(pathOf(ref)); // and then completes the intent
    expect(await repo.openIntents()).toEqual([]);
    expect((await publisherStore(h).store.getValue(ref, 'current'))?.versionId).toBe(token);
  });

  it('a run that stops before its publish: the next run commits each file with its step message, locally', async () => {
    const h = await sopsHarness();
    const ref = h.newRef('unpublished');
    await h.store.create(ref, { initialValue: V1 });
    const remoteHead = git(h.remote, 'rev-parse', 'main');
    const token = rotationToken(ref.id, 's');
    await publisherStore(h).store.putPending(ref, V2, token); // then the process dies: no publish
    const rerun = publisherStore(h);
    expect((await rerun.store.recover()).map((r) => r.message.split('\n')[0])).toEqual([
      `docugen-secrets: stage pending version ${token} of ${ref.id}`,
    ]);
    expect(git(h.work, 'status', '--porcelain')).toBe('');
    expect(subjects(h.work, 'HEAD')[0]).toBe(`docugen-secrets: stage pending version ${token} of ${ref.id}`);
    expect(git(h.remote, 'rev-parse', 'main')).toBe(remoteHead); // pushing is the publisher's job
    expect(await rerun.repo.openIntents()).toEqual([]);
  });
});
