import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { canary, git } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { GitPublisher, type GitPublisherOptions } from '../src/index.js';
import { change, FIXED_RANDOM, pushFromOther, recordingSleep, repos, request, show, write } from './helpers.js';

function publisher(work: string, extra: Partial<GitPublisherOptions> = {}): GitPublisher & { waits: number[] } {
  const { sleep, waits } = recordingSleep();
  return Object.assign(new GitPublisher({ root: work, branch: 'main', random: FIXED_RANDOM, sleep, ...extra }), {
    waits,
  });
}

const remoteLog = (remote: string): string[] => show(remote, 'log', '--format=%s', 'main').trim().split('\n');

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('GitPublisher (commit-mode push)', { timeout: 60_000 }, () => {
  it('commits only the changed SOPS files, once, as github-actions[bot], with the value-free message, and pushes', async () => {
    const r = repos();
    const value = canary('publish');
    write(r.work, 'secrets/prod/a.sops.yaml', `a: ENC[${Buffer.from(value).toString('base64')}]\n`);
    write(r.work, 'secrets/prod/new.sops.yaml', 'new: 1\n');
    write(r.work, 'README.md', 'edited by hand\n');
    write(r.work, 'notes.txt', 'untracked\n');
    const p = publisher(r.work);
    const out = await p.publish(request(change('a'), change('b'), change('new')));
    expect(out).toMatchObject({ kind: 'pushed', branch: 'main', attempts: 1, conflicts: [], committed: ['a', 'new'] });
    const head = show(r.remote, 'rev-parse', 'main').trim();
    expect(out).toMatchObject({ commit: head });
    expect(show(r.remote, 'show', '--name-only', '--format=%an <%ae>|%cn', 'main').trim().split('\n')).toEqual([
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]',
      '',
      'secrets/prod/a.sops.yaml',
      'secrets/prod/new.sops.yaml',
    ]);
    const message = show(r.remote, 'log', '-1', '--format=%B', 'main');
    expect(message).toMatch(/^docugen-secrets: rotate 2 secrets\n/);
    expect(message).toContain('- a: rotated, version a-v2, hmac-sha256:a (secrets/prod/a.sops.yaml)');
    expect(message).not.toContain('- b:'); // unchanged file: not in the commit, not in the message
    expect(message).toContain('Run: https://github.example/run/7');
    expect(message).not.toContain(value);
    expect(show(r.work, 'status', '--porcelain')).toBe(' M README.md\n?? notes.txt\n');
    expect(p.waits).toEqual([]);
  });

  it('reports nothing when no file changed, and pushes nothing', async () => {
    const r = repos();
    const before = show(r.remote, 'rev-parse', 'main');
    const settled: string[][] = [];
    const p = publisher(r.work, { onSettled: (paths) => (settled.push([...paths]), Promise.resolve()) });
    expect(await p.publish(request(change('a')))).toEqual({ kind: 'nothing' });
    expect(await p.publish(request())).toEqual({ kind: 'nothing' });
    expect(show(r.remote, 'rev-parse', 'main')).toBe(before);
    expect(settled).toEqual([['secrets/prod/a.sops.yaml'], []]);
  });

  it('a push race on another file is resolved by a rebase: both commits land, the retry waited with jitter', async () => {
    const r = repos();
    pushFromOther(r, { 'README.md': 'changed upstream\n', 'secrets/prod/c.sops.yaml': 'c: 1\n' });
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    const p = publisher(r.work, { identity: { name: 'Rotator', email: 'rotator@docugen.invalid' } });
    const out = await p.publish(request(change('a')));
    expect(out).toMatchObject({ kind: 'pushed', attempts: 2, conflicts: [] });
    expect(remoteLog(r.remote).slice(0, 3)).toEqual(['docugen-secrets: rotate a', 'someone else', 'seed']);
    expect(show(r.remote, 'log', '-1', '--format=%an', 'main').trim()).toBe('Rotator');
    expect(show(r.remote, 'show', '--name-only', '--format=', 'main').trim()).toBe('secrets/prod/a.sops.yaml');
    expect(readFileSync(join(r.work, 'README.md'), 'utf8')).toBe('changed upstream\n'); // the checkout follows
    expect(show(r.work, 'status', '--porcelain')).toBe('');
    expect(p.waits).toHaveLength(1);
    expect(p.waits[0]).toBeGreaterThan(0);
    expect(p.waits[0]).toBeLessThan(1000);
  });

  it('a change upstream to the same secret file drops that secret only; the others are pushed', async () => {
    const r = repos();
    pushFromOther(r, { 'secrets/prod/a.sops.yaml': 'a: rotated elsewhere\n' });
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    write(r.work, 'secrets/prod/b.sops.yaml', 'b: 2\n');
    const out = await publisher(r.work).publish(request(change('a'), change('b')));
    expect(out).toMatchObject({ kind: 'pushed', attempts: 2, conflicts: ['a'], committed: ['b'] });
    expect(show(r.remote, 'show', '--name-only', '--format=%s', 'main').trim().split('\n')).toEqual([
      'docugen-secrets: rotate b',
      '',
      'secrets/prod/b.sops.yaml',
    ]);
    expect(show(r.remote, 'log', '-1', '--format=%B', 'main')).not.toContain('- a:');
    expect(readFileSync(join(r.work, 'secrets/prod/a.sops.yaml'), 'utf8')).toBe('a: rotated elsewhere\n');
    expect(show(r.work, 'status', '--porcelain')).toBe('');
  });

  it('when every change conflicts: kind conflict, nothing pushed, the checkout is the remote branch', async () => {
    const r = repos();
    const upstream = pushFromOther(r, { 'secrets/prod/a.sops.yaml': 'a: elsewhere\n' });
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    const out = await publisher(r.work).publish(request(change('a')));
    expect(out).toEqual({ kind: 'conflict', conflicts: ['a'], attempts: 2 });
    expect(show(r.remote, 'rev-parse', 'main').trim()).toBe(upstream);
    expect(show(r.work, 'rev-parse', 'HEAD').trim()).toBe(upstream);
    expect(show(r.work, 'status', '--porcelain')).toBe('');
  });

  it('an upstream commit with the same content as ours is not a conflict', async () => {
    const r = repos();
    pushFromOther(r, { 'secrets/prod/a.sops.yaml': 'a: 2\n' });
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    write(r.work, 'secrets/prod/b.sops.yaml', 'b: 2\n');
    const out = await publisher(r.work).publish(request(change('a'), change('b')));
    expect(out).toMatchObject({ kind: 'pushed', conflicts: [] });
    expect(show(r.remote, 'show', '--name-only', '--format=', 'main').trim()).toBe('secrets/prod/b.sops.yaml');
  });

  it('gives up after the bounded attempts when the branch moves before every push, never forcing', async () => {
    const r = repos();
    // A git that lets "someone else" push right before each of our pushes.
    const shim = join(r.other, '..', 'git-racing');
    writeFileSync(
      shim,
      `#!/bin/sh\ncase " $* " in *" push "*) git -C "${r.other}" -c user.name=x -c user.email=x@x commit -q --allow-empty -m race && git -C "${r.other}" push -q origin HEAD:refs/heads/main ;; esac\nexec git "$@"\n`,
    );
    chmodSync(shim, 0o755);
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    const p = publisher(r.work, { git: shim, maxAttempts: 3 });
    const err = await rejection(p.publish(request(change('a'))));
    expect(isDocugenError(err, 'PUBLISH_PUSH_RACE')).toBe(true);
    expect(p.waits).toHaveLength(2);
    expect(p.waits[1]).toBeGreaterThan(p.waits[0] ?? 0);
    expect(remoteLog(r.remote).slice(0, 3)).toEqual(['race', 'race', 'race']); // nothing of theirs was overwritten
    // The commit is kept locally, replayed on the latest branch: the next run pushes it.
    expect(show(r.work, 'log', '-1', '--format=%s').trim()).toBe('docugen-secrets: rotate a');
    expect(await publisher(r.work).publish(request())).toMatchObject({ kind: 'pushed', attempts: 2 });
    expect(remoteLog(r.remote)[0]).toBe('docugen-secrets: rotate a');
  });

  it('an interrupted publish leaves nothing half-done: the commit is whole and local, the next run pushes it', async () => {
    const r = repos();
    pushFromOther(r, { 'README.md': 'moved on\n' });
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    const stop = new Error('stop signal');
    const interrupted = new GitPublisher({
      root: r.work,
      branch: 'main',
      random: FIXED_RANDOM,
      sleep: () => Promise.reject(stop),
    });
    expect(await rejection(interrupted.publish(request(change('a'))))).toBe(stop);
    expect(remoteLog(r.remote)[0]).toBe('someone else');
    expect(show(r.work, 'status', '--porcelain')).toBe('');
    expect(show(r.work, 'log', '-1', '--format=%s').trim()).toBe('docugen-secrets: rotate a');
    const next = await publisher(r.work).publish(request());
    expect(next).toMatchObject({ kind: 'pushed', attempts: 2 });
    expect(remoteLog(r.remote).slice(0, 2)).toEqual(['docugen-secrets: rotate a', 'someone else']);
  });

  it('an unreachable remote fails with a coded error after the local commit; the next run pushes it', async () => {
    const r = repos();
    git(r.work, 'remote', 'set-url', 'origin', join(r.remote, '..', 'missing.git'));
    write(r.work, 'secrets/prod/b.sops.yaml', 'b: 2\n');
    const err = await rejection(publisher(r.work).publish(request(change('b'))));
    expect(isDocugenError(err, 'PUBLISH_GIT_FAILED')).toBe(true);
    git(r.work, 'remote', 'set-url', 'origin', r.remote);
    expect(await publisher(r.work).publish(request())).toMatchObject({ kind: 'pushed', attempts: 1 });
    expect(remoteLog(r.remote)[0]).toBe('docugen-secrets: rotate b');
  });

  it('a refused push (protected branch) is PUBLISH_PUSH_REFUSED, not retried', async () => {
    const r = repos();
    writeFileSync(join(r.remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "protected branch" >&2\nexit 1\n');
    chmodSync(join(r.remote, 'hooks', 'pre-receive'), 0o755);
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    const p = publisher(r.work);
    expect(isDocugenError(await rejection(p.publish(request(change('a')))), 'PUBLISH_PUSH_REFUSED')).toBe(true);
    expect(p.waits).toEqual([]);
  });

  it('refuses a change naming a file that is not a SOPS file in the checkout, before staging anything', async () => {
    const r = repos();
    write(r.work, 'secrets/prod/a.sops.yaml', 'a: 2\n');
    for (const path of ['README.md', '../x.sops.yaml', '/etc/x.sops.yaml']) {
      const err = await rejection(publisher(r.work).publish(request(change('a'), change('x', path))));
      expect(isDocugenError(err, 'PUBLISH_BAD_PATH')).toBe(true);
    }
    expect(show(r.work, 'status', '--porcelain')).toBe(' M secrets/prod/a.sops.yaml\n');
  });

  it('prepare fast-forwards a checkout that is only behind, so the run reads the latest files', async () => {
    const r = repos();
    const upstream = pushFromOther(r, { 'secrets/prod/b.sops.yaml': 'b: newer\n' });
    await publisher(r.work).prepare();
    expect(show(r.work, 'rev-parse', 'HEAD').trim()).toBe(upstream);
    expect(readFileSync(join(r.work, 'secrets/prod/b.sops.yaml'), 'utf8')).toBe('b: newer\n');
  });
});
