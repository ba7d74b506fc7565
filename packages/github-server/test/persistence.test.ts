import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubServer, STATE_FORMAT } from '../src/index.js';
import { REPO, startHarness } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gh-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--state persistence', () => {
  it('a write is on disk (0600) when it is acknowledged, and a restarted server continues from it', async () => {
    const statePath = join(dir, 'a.json');
    const first = await startHarness({ statePath, repos: ['docugen/secrets', 'docugen/other'] });
    await first.octokit.rest.issues.create({ ...REPO, title: 'kept', labels: ['secret-alert'] });
    const onDisk = JSON.parse(await readFile(statePath, 'utf8')) as {
      format: string;
      repos: { issues: { title: string }[] }[];
    };
    expect(onDisk.format).toBe(STATE_FORMAT);
    expect(onDisk.repos[0]?.issues.map((i) => i.title)).toEqual(['kept']);
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
    await first.octokit.rest.issues.createComment({ ...REPO, issue_number: 1, body: 'c' });
    await first.server.close();

    const second = await startHarness({ statePath });
    const issues = await second.octokit.rest.issues.listForRepo({ ...REPO, labels: 'secret-alert' });
    expect(issues.data.map((i) => [i.number, i.title, i.comments])).toEqual([[1, 'kept', 1]]);
    expect((await second.octokit.rest.issues.create({ ...REPO, title: 'next' })).data.number).toBe(2);
    expect((await second.octokit.rest.issues.listForRepo({ owner: 'docugen', repo: 'other' })).status).toBe(200);
  });

  it('a failed write changes nothing, on disk or in memory (writes run on a copy)', async () => {
    const statePath = join(dir, 'b.json');
    // Without validation, so the bad update reaches the handler (validation would refuse it first).
    const { octokit, server } = await startHarness({ statePath, validate: false });
    await octokit.rest.issues.create({ ...REPO, title: 't' });
    const before = await readFile(statePath, 'utf8');
    const snapshot = server.snapshot();
    await expect(
      octokit.rest.pulls.create({ ...REPO, title: 'x', head: 'missing', base: 'main' }),
    ).rejects.toMatchObject({ status: 422 });
    // Labels named on an issue are created on the fly; the state error comes after, and the label must not stay.
    await expect(
      octokit.rest.issues.update({
        ...REPO,
        issue_number: 1,
        labels: ['fresh'],
        state_reason: 'completed',
        assignees: [],
        milestone: null,
        state: 'nope' as 'open',
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(server.snapshot()).toEqual(snapshot);
    expect(await readFile(statePath, 'utf8')).toBe(before);
  });

  it('refuses a state file that is not JSON or not of this format, naming the problems', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{oops');
    await expect(startGitHubServer({ statePath: bad })).rejects.toSatisfy((e: unknown) =>
      isDocugenError(e, 'GH_SERVER_STATE_INVALID'),
    );
    const wrong = join(dir, 'wrong.json');
    await writeFile(
      wrong,
      JSON.stringify({
        format: STATE_FORMAT,
        version: 1,
        nextId: 1,
        repos: [{ id: 1, owner: 'o', name: 3, issues: [{}] }],
      }),
    );
    const err: unknown = await startGitHubServer({ statePath: wrong }).catch((e: unknown) => e);
    expect(isDocugenError(err, 'GH_SERVER_STATE_INVALID')).toBe(true);
    expect((err as Error).message).toContain('$.repos[0].name');
  });
});
