import { describe, expect, it } from 'vitest';
import { desiredAlerts, mergedLabels, reconcile, type DesiredState, type TrackedIssue } from '../src/index.js';
import { at, entry, issueFor, manifest } from './fixtures.js';

const M = manifest('places-key');
const state = (now: Date, status: Parameters<typeof entry>[1] = 'expiring'): DesiredState =>
  desiredAlerts([M], [entry(M.id, status)], undefined, undefined, now);
const expiring = state(at(33, 1));
const alert = expiring.alerts[0];
if (!alert) throw new Error('fixture: expected an alert');
const nothing: DesiredState = { alerts: [], unknown: new Set() };

const kinds = (d: DesiredState, issues: TrackedIssue[]): string[] =>
  reconcile(d, issues).map((a) => (a.kind === 'open' ? 'open' : `${a.kind} #${a.number}`));

describe('reconcile: desired alerts × existing issues → actions (table)', () => {
  const same = issueFor(alert, { number: 1 });
  const cases: { name: string; desired: DesiredState; issues: TrackedIssue[]; actions: string[] }[] = [
    { name: 'nothing wanted, nothing there', desired: nothing, issues: [], actions: [] },
    { name: 'new alert → open', desired: expiring, issues: [], actions: ['open'] },
    { name: 'identical open issue → none (no write)', desired: expiring, issues: [same], actions: ['none #1'] },
    {
      name: 'body drifted → update',
      desired: expiring,
      issues: [{ ...same, body: `${same.body}edited` }],
      actions: ['update #1'],
    },
    {
      name: 'a managed label differs → update',
      desired: expiring,
      issues: [{ ...same, labels: ['secret-alert', 'severity:low'] }],
      actions: ['update #1'],
    },
    {
      name: 'a human label alone → none',
      desired: expiring,
      issues: [{ ...same, labels: [...same.labels, 'acknowledged'] }],
      actions: ['none #1'],
    },
    { name: 'crossing passed → escalate', desired: state(at(33, 5)), issues: [same], actions: ['escalate #1'] },
    {
      name: 'level went down (deadline moved) → update, no comment',
      desired: expiring,
      issues: [issueFor(alert, { number: 1, level: 2 })],
      actions: ['update #1'],
    },
    {
      name: 'closed as completed → reopen',
      desired: expiring,
      issues: [{ ...same, state: 'closed', stateReason: 'completed' }],
      actions: ['reopen #1'],
    },
    {
      name: 'newest completed one is reopened',
      desired: expiring,
      issues: [
        { ...same, state: 'closed', stateReason: 'completed' },
        { ...same, number: 5, state: 'closed', stateReason: 'completed' },
      ],
      actions: ['reopen #5'],
    },
    {
      name: 'only a closed duplicate → open a new one',
      desired: expiring,
      issues: [{ ...same, state: 'closed', stateReason: 'not_planned' }],
      actions: ['open'],
    },
    { name: 'gone → close', desired: nothing, issues: [same], actions: ['close #1'] },
    {
      name: 'gone, already closed → nothing',
      desired: nothing,
      issues: [{ ...same, state: 'closed', stateReason: 'completed' }],
      actions: [],
    },
    {
      name: 'unknown this run → left alone',
      desired: { alerts: [], unknown: new Set(['places-key/expiring']) },
      issues: [same],
      actions: ['none #1'],
    },
    {
      name: 'two open → keep the oldest, close the other as duplicate',
      desired: expiring,
      issues: [{ ...same, number: 7 }, same],
      actions: ['none #1', 'close-duplicate #7'],
    },
    {
      name: 'two open, gone → close oldest, duplicate the other',
      desired: nothing,
      issues: [same, { ...same, number: 7 }],
      actions: ['close #1', 'close-duplicate #7'],
    },
    {
      name: 'an issue without the marker is not ours',
      desired: nothing,
      issues: [{ ...same, body: 'hand-written' }],
      actions: [],
    },
  ];
  it.each(cases)('$name', ({ desired, issues, actions }) => {
    expect(kinds(desired, issues)).toEqual(actions);
  });

  it('an escalation comment names each crossing and the escalation team, once', () => {
    const [action] = reconcile(state(at(39, 2)), [issueFor(alert, { number: 1 })]);
    expect(action?.kind).toBe('escalate');
    const comment = action?.kind === 'escalate' ? action.comment : '';
    expect(comment).toContain('unresolved for PT4H');
    expect(comment).toContain('the P1D warning window opened');
    expect(comment).toContain('@docugen/security-oncall');
    expect(
      reconcile(state(at(39, 2)), [issueFor(state(at(39, 2)).alerts[0] ?? alert, { number: 1 })]).map((a) => a.kind),
    ).toEqual(['none']);
  });

  it('the duplicate-close comment links the kept issue', () => {
    const same = issueFor(alert, { number: 3 });
    const dup = reconcile(expiring, [same, { ...same, number: 9 }]).find((a) => a.kind === 'close-duplicate');
    expect(dup?.kind === 'close-duplicate' && dup.comment).toContain('#3');
  });

  it('labels written keep what a human added', () => {
    expect(mergedLabels(['secret-alert', 'severity:low', 'acknowledged'], ['secret-alert', 'severity:high'])).toEqual([
      'secret-alert',
      'severity:high',
      'acknowledged',
    ]);
  });
});
