import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { traceStoreCalls, type StoreCall } from '@docugen-secrets/secret-store';
import { GitRepository } from '../src/index.js';
import { GIT_IDENTITY, git, repoWithRemote } from '@docugen-secrets/test-support';

describe('GitRepository', () => {
  it('writes, commits only the given paths and pushes to the remote', async () => {
    const { work, remote } = repoWithRemote();
    const repo = new GitRepository(work, { identity: GIT_IDENTITY, pushTo: { remote: 'origin', branch: 'main' } });
    await writeFile(join(work, 'unrelated.txt'), 'work in progress');
    await repo.writeFile('secrets/prod/db.sops.yaml', 'a: 1\n', 'docugen-secrets: stage db');
    expect(await repo.readFile('secrets/prod/db.sops.yaml')).toBe('a: 1\n');
    // The intent is recorded outside the working tree until the commit completes it.
    expect(await repo.openIntents()).toEqual([
      {
        path: 'secrets/prod/db.sops.yaml',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
        message: 'docugen-secrets: stage db',
      },
    ]);
    expect(await repo.committedFile('secrets/prod/db.sops.yaml')).toBeUndefined();
    expect(await repo.readFile('secrets/prod/none.yaml')).toBeUndefined();
    const calls: StoreCall[] = [];
    const sha = await traceStoreCalls(calls, () =>
      repo.commit('docugen-secrets: stage db', ['secrets/prod/db.sops.yaml']),
    );
    expect(calls).toEqual([{ operation: 'git commit', commit: sha }]);
    expect(git(remote, 'rev-parse', 'refs/heads/main').trim()).toBe(sha);
    expect(git(work, 'show', '--name-only', '--format=%s', sha).trim().split('\n')).toEqual([
      'docugen-secrets: stage db',
      '',
      'secrets/prod/db.sops.yaml',
    ]);
    expect(git(work, 'status', '--porcelain').trim()).toBe('?? unrelated.txt');
    expect(await repo.openIntents()).toEqual([]);
    expect(await repo.committedFile('secrets/prod/db.sops.yaml')).toBe('a: 1\n');
    expect(await repo.commit('again', ['secrets/prod/db.sops.yaml'])).toBe(sha);
  });

  it('refuses paths outside the repository', async () => {
    const { work } = repoWithRemote();
    const repo = new GitRepository(work);
    await expect(repo.writeFile('../escape.txt', 'x', 'm')).rejects.toSatisfy((e) =>
      isDocugenError(e, 'REPO_PATH_OUTSIDE'),
    );
    await expect(repo.readFile('/etc/passwd')).rejects.toSatisfy((e) => isDocugenError(e, 'REPO_PATH_OUTSIDE'));
  });

  it('reports a rejected push', async () => {
    const { work, remote } = repoWithRemote();
    // Someone else pushed first.
    const { work: other } = { work: join(work, '..', 'other') };
    git(join(work, '..'), 'clone', '--quiet', remote, other);
    git(other, 'commit', '--quiet', '--allow-empty', '-m', 'elsewhere');
    git(other, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    const repo = new GitRepository(work, { identity: GIT_IDENTITY, pushTo: { remote: 'origin', branch: 'main' } });
    await repo.writeFile('s.yaml', 'x: 1\n', 'stage');
    await expect(repo.commit('stage', ['s.yaml'])).rejects.toSatisfy((e) => isDocugenError(e, 'REPO_PUSH_REJECTED'));
  });
});
