import { describe, expect, it } from 'vitest';
import { REPO, rejectionOf, startHarness } from './helpers.js';

const names = (labels: readonly (string | { name?: string })[]): string[] =>
  labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));

describe('labels', () => {
  it('creates, gets and lists labels; a duplicate (any case) is 422 already_exists as on GitHub', async () => {
    const { octokit } = await startHarness();
    const created = await octokit.rest.issues.createLabel({
      ...REPO,
      name: 'secret-alert',
      color: 'B60205',
      description: 'docugen',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: 'secret-alert',
      color: 'b60205',
      description: 'docugen',
      default: false,
    });
    const dup = await rejectionOf(octokit.rest.issues.createLabel({ ...REPO, name: 'Secret-Alert', color: 'ffffff' }));
    expect(dup.status).toBe(422);
    expect(dup.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
    });
    expect((await octokit.rest.issues.getLabel({ ...REPO, name: 'SECRET-ALERT' })).data.name).toBe('secret-alert');
    expect((await rejectionOf(octokit.rest.issues.getLabel({ ...REPO, name: 'nope' }))).status).toBe(404);
    for (let i = 0; i < 4; i++) await octokit.rest.issues.createLabel({ ...REPO, name: `sev:${i}` });
    const all = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...REPO, per_page: 2 });
    expect(all.map((l) => l.name)).toEqual(['secret-alert', 'sev:0', 'sev:1', 'sev:2', 'sev:3']);
    const updated = await octokit.rest.issues.updateLabel({
      ...REPO,
      name: 'sev:0',
      new_name: 'severity:low',
      color: '00ff00',
    });
    expect(updated.data).toMatchObject({ name: 'severity:low', color: '00ff00' });
    expect((await rejectionOf(octokit.rest.issues.createLabel({ ...REPO, name: 'bad', color: 'red' }))).status).toBe(
      422,
    );
  });

  it('adds, sets and removes labels on an issue; naming an unknown label creates it (ededed)', async () => {
    const { octokit } = await startHarness();
    await octokit.rest.issues.create({ ...REPO, title: 't', labels: ['a'] });
    const added = await octokit.rest.issues.addLabels({ ...REPO, issue_number: 1, labels: ['b', 'A'] });
    expect(names(added.data)).toEqual(['a', 'b']);
    expect((await octokit.rest.issues.getLabel({ ...REPO, name: 'b' })).data.color).toBe('ededed');
    const removed = await octokit.rest.issues.removeLabel({ ...REPO, issue_number: 1, name: 'a' });
    expect(names(removed.data)).toEqual(['b']);
    const gone = await rejectionOf(octokit.rest.issues.removeLabel({ ...REPO, issue_number: 1, name: 'a' }));
    expect(gone.status).toBe(404);
    expect(gone.response?.data).toMatchObject({ message: 'Label does not exist' });
    const set = await octokit.rest.issues.setLabels({ ...REPO, issue_number: 1, labels: ['c', 'd'] });
    expect(names(set.data)).toEqual(['c', 'd']);
    expect(names((await octokit.rest.issues.listLabelsOnIssue({ ...REPO, issue_number: 1 })).data)).toEqual(['c', 'd']);
    await octokit.rest.issues.deleteLabel({ ...REPO, name: 'c' });
    expect(names((await octokit.rest.issues.get({ ...REPO, issue_number: 1 })).data.labels)).toEqual(['d']);
  });
});
