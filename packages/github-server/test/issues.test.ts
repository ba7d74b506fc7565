import { describe, expect, it } from 'vitest';
import { REPO, rejectionOf, startHarness } from './helpers.js';

describe('issues through real Octokit, every exchange validated against GitHub’s OpenAPI description', () => {
  it('creates, gets and updates an issue with labels and assignees (unknown assignees dropped as GitHub does)', async () => {
    const { octokit } = await startHarness();
    const created = await octokit.rest.issues.create({
      ...REPO,
      title: 'Secret expiring',
      body: 'b',
      labels: ['secret-alert', 'kind:expiring'],
      assignees: ['alice', 'mallory'],
    });
    expect(created.status).toBe(201);
    expect(created.data.number).toBe(1);
    expect(created.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'secret-alert',
      'kind:expiring',
    ]);
    expect(created.data.assignees?.map((a) => a.login)).toEqual(['alice']);
    const closed = await octokit.rest.issues.update({
      ...REPO,
      issue_number: 1,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.state_reason).toBe('not_planned');
    expect(closed.data.closed_at).not.toBeNull();
    const reopened = await octokit.rest.issues.update({ ...REPO, issue_number: 1, state: 'open' });
    expect(reopened.data.state_reason).toBe('reopened');
    expect(reopened.data.closed_at).toBeNull();
    const closedDefault = await octokit.rest.issues.update({
      ...REPO,
      issue_number: 1,
      state: 'closed',
      title: 'T2',
      labels: ['x'],
    });
    expect(closedDefault.data.state_reason).toBe('completed');
    const got = await octokit.rest.issues.get({ ...REPO, issue_number: 1 });
    expect(got.data.title).toBe('T2');
    expect(got.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['x']);
  });

  it('lists by labels (all must match, case-insensitively) and state, paginated with a Link header', async () => {
    const { octokit } = await startHarness();
    for (let i = 0; i < 7; i++) {
      await octokit.rest.issues.create({
        ...REPO,
        title: `t${i}`,
        labels: i % 2 === 0 ? ['secret-alert', 'sev:high'] : ['secret-alert'],
      });
    }
    await octokit.rest.issues.update({ ...REPO, issue_number: 1, state: 'closed' });
    const page1 = await octokit.rest.issues.listForRepo({ ...REPO, labels: 'secret-alert', per_page: 2 });
    expect(page1.data.map((i) => i.number)).toEqual([7, 6]);
    expect(page1.headers.link).toContain('rel="next"');
    expect(page1.headers.link).toContain('rel="last"');
    expect(page1.headers.link).not.toContain('rel="prev"');
    const page2 = await octokit.rest.issues.listForRepo({ ...REPO, labels: 'secret-alert', per_page: 2, page: 2 });
    expect(page2.headers.link).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...REPO,
      labels: 'SECRET-ALERT,sev:high',
      state: 'all',
      per_page: 1,
    });
    expect(all.map((i) => i.number).sort()).toEqual([1, 3, 5, 7]);
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...REPO,
      labels: 'secret-alert,sev:high',
      per_page: 100,
    });
    expect(open.map((i) => i.number).sort()).toEqual([3, 5, 7]);
    const closed = await octokit.rest.issues.listForRepo({ ...REPO, state: 'closed' });
    expect(closed.data.map((i) => i.number)).toEqual([1]);
    expect(closed.headers.link).toBeUndefined();
  });

  it('comments: create and list across pages', async () => {
    const { octokit } = await startHarness();
    await octokit.rest.issues.create({ ...REPO, title: 't' });
    for (let i = 0; i < 5; i++) await octokit.rest.issues.createComment({ ...REPO, issue_number: 1, body: `c${i}` });
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...REPO,
      issue_number: 1,
      per_page: 2,
    });
    expect(comments.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect((await octokit.rest.issues.get({ ...REPO, issue_number: 1 })).data.comments).toBe(5);
  });

  it('answers 404 for unknown repositories and issues, 401 without a token, 422 without a title', async () => {
    const { octokit, server } = await startHarness();
    expect((await rejectionOf(octokit.rest.issues.get({ ...REPO, issue_number: 99 }))).status).toBe(404);
    expect((await rejectionOf(octokit.rest.issues.create({ owner: 'nope', repo: 'nope', title: 't' }))).status).toBe(
      404,
    );
    const res = await fetch(`${server.url}/repos/docugen/secrets/issues`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      message: 'Requires authentication',
      documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com/),
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('5000');
  });
});
