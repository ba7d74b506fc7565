import { describe, expect, it } from 'vitest';
import { buildRegistry, SM006 } from '../../src/index.js';
import { env, manifest, paths, registryData, run } from '../helpers.js';

describe('SM006 owner and on-call resolve in the team registry', () => {
  it.each([
    { name: 'the real signing key passes', edit: {}, want: [] },
    { name: 'unknown owner team', edit: { 'owner.team': 'trust-and-sigining' }, want: ['owner.team'] },
    {
      name: 'unknown owner handle',
      edit: { 'owner.handles': ['@amara-nwosu', '@ex-employee'] },
      want: ['owner.handles.1'],
    },
    { name: 'unknown on-call team', edit: { 'oncall.team': '@docugen/nobody-oncall' }, want: ['oncall.team'] },
    { name: 'unknown assignee', edit: { 'oncall.assignees': ['@someone-else'] }, want: ['oncall.assignees.0'] },
    {
      name: 'unknown escalation team and assignee',
      edit: { 'oncall.escalation': [{ after: 'PT1H', team: '@docugen/gone', assignees: ['@nobody'] }] },
      want: ['oncall.escalation.0.team', 'oncall.escalation.0.assignees.0'],
    },
  ])('$name', ({ edit, want }) => {
    expect(paths(run(SM006, manifest('document-signing-key', edit), {}))).toEqual(want);
  });

  it('a paged team without members is not routable', () => {
    const teams = buildRegistry({
      ...registryData,
      teams: registryData.teams.map((t) => (t.slug === 'signing-oncall' ? { ...t, members: [] } : t)),
    });
    const vs = run(SM006, manifest('document-signing-key'), {}, { ...env, teams });
    expect(paths(vs)).toEqual(['oncall.team']);
    expect(vs[0]?.message).toContain('has no members');
  });

  it('stands aside without a registry (its absence is reported on its own)', () => {
    expect(
      run(SM006, manifest('document-signing-key', { 'owner.team': 'nobody' }), {}, { repoPath: () => undefined }),
    ).toEqual([]);
  });
});
