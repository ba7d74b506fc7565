import { describe, expect, it } from 'vitest';
import { REPO, rejectionOf, startHarness } from './helpers.js';

const SHA = 'a'.repeat(40);

describe('git refs and pull requests', () => {
  it('gets the default branch ref; creates, updates and deletes refs; a slash in {ref} works encoded or not', async () => {
    const { octokit, server } = await startHarness();
    const main = await octokit.rest.git.getRef({ ...REPO, ref: 'heads/main' });
    expect(main.data.ref).toBe('refs/heads/main');
    expect(main.data.object.sha).toMatch(/^[0-9a-f]{40}$/);
    await octokit.rest.git.createRef({ ...REPO, ref: 'refs/heads/rotation/run-1', sha: SHA });
    expect((await octokit.rest.git.getRef({ ...REPO, ref: 'heads/rotation/run-1' })).data.object.sha).toBe(SHA);
    const raw = await fetch(`${server.url}/repos/docugen/secrets/git/ref/heads/rotation/run-1`, {
      headers: { authorization: 'token t' },
    });
    expect(raw.status).toBe(200);
    expect(
      (await rejectionOf(octokit.rest.git.createRef({ ...REPO, ref: 'refs/heads/rotation/run-1', sha: SHA }))).status,
    ).toBe(422);
    expect((await rejectionOf(octokit.rest.git.getRef({ ...REPO, ref: 'heads/nope' }))).status).toBe(404);
    await octokit.rest.git.updateRef({ ...REPO, ref: 'heads/rotation/run-1', sha: 'b'.repeat(40), force: true });
    const matching = await octokit.rest.git.listMatchingRefs({ ...REPO, ref: 'heads/rotation' });
    expect(matching.data.map((r) => [r.ref, r.object.sha])).toEqual([['refs/heads/rotation/run-1', 'b'.repeat(40)]]);
    await octokit.rest.git.deleteRef({ ...REPO, ref: 'heads/rotation/run-1' });
    expect((await rejectionOf(octokit.rest.git.getRef({ ...REPO, ref: 'heads/rotation/run-1' }))).status).toBe(404);
  });

  it('opens one pull request per head, finds it by head=owner:branch, updates it; PRs share issue numbers and labels', async () => {
    const { octokit } = await startHarness();
    await octokit.rest.issues.create({ ...REPO, title: 'an issue first' });
    await octokit.rest.git.createRef({ ...REPO, ref: 'refs/heads/docugen/rotation', sha: SHA });
    const pr = await octokit.rest.pulls.create({
      ...REPO,
      title: 'Rotate secrets',
      head: 'docugen/rotation',
      base: 'main',
      body: 'value-free',
    });
    expect(pr.status).toBe(201);
    expect(pr.data.number).toBe(2);
    expect(pr.data.head).toMatchObject({ ref: 'docugen/rotation', sha: SHA, label: 'docugen:docugen/rotation' });
    const again = await rejectionOf(
      octokit.rest.pulls.create({ ...REPO, title: 'x', head: 'docugen:docugen/rotation', base: 'main' }),
    );
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.response?.data)).toContain(
      'A pull request already exists for docugen:docugen/rotation.',
    );
    expect(
      (await rejectionOf(octokit.rest.pulls.create({ ...REPO, title: 'x', head: 'missing', base: 'main' }))).status,
    ).toBe(422);
    const found = await octokit.rest.pulls.list({ ...REPO, head: 'docugen:docugen/rotation', state: 'open' });
    expect(found.data.map((p) => p.number)).toEqual([2]);
    expect((await octokit.rest.pulls.list({ ...REPO, head: 'docugen:other' })).data).toEqual([]);
    await octokit.rest.issues.addLabels({ ...REPO, issue_number: 2, labels: ['secret-rotation'] });
    const updated = await octokit.rest.pulls.update({
      ...REPO,
      pull_number: 2,
      body: 'run 2',
      title: 'Rotate secrets (2)',
    });
    expect(updated.data).toMatchObject({ body: 'run 2', title: 'Rotate secrets (2)', state: 'open' });
    expect(updated.data.labels.map((l) => l.name)).toEqual(['secret-rotation']);
    const got = await octokit.rest.pulls.get({ ...REPO, pull_number: 2 });
    expect(got.data.merged).toBe(false);
    expect((await rejectionOf(octokit.rest.pulls.get({ ...REPO, pull_number: 1 }))).status).toBe(404);
    const issues = await octokit.rest.issues.listForRepo({ ...REPO, labels: 'secret-rotation' });
    expect(issues.data.map((i) => [i.number, i.pull_request !== undefined])).toEqual([[2, true]]);
    await octokit.rest.pulls.update({ ...REPO, pull_number: 2, state: 'closed' });
    expect((await octokit.rest.pulls.list({ ...REPO, head: 'docugen:docugen/rotation' })).data).toEqual([]);
    expect(
      (await octokit.rest.pulls.list({ ...REPO, head: 'docugen:docugen/rotation', state: 'closed' })).data,
    ).toHaveLength(1);
  });
});
