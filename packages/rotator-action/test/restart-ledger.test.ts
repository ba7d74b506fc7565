import type { RunReport } from '@docugen-secrets/runner';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../src/index.js';
import { missingLedgerWarning } from '../src/restart-ledger.js';

const get =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? '';

describe('readInputs: restart-ledger', () => {
  it('rotate keeps the ledger path as given (resolved in the workspace by the action)', () => {
    expect(readInputs(get({ command: 'rotate', 'restart-ledger': '/tmp/ledger/restarts.json' })).restartLedger).toBe(
      '/tmp/ledger/restarts.json',
    );
  });

  it.each(['plan', 'alerts'])('%s sends no restart: the input is ignored', (command) => {
    expect(readInputs(get({ command, 'restart-ledger': 'ledger.json' })).restartLedger).toBeUndefined();
  });

  it('empty: no ledger, so no restart is sent and previous versions are kept', () => {
    expect(readInputs(get({ command: 'rotate' }))).not.toHaveProperty('restartLedger');
  });
});

describe('missingLedgerWarning', () => {
  const restart = (kind: string) => ({
    service: 'web',
    deployment: 'web',
    trigger: 'webhook',
    versionId: 'v2',
    deliveryId: 'd',
    kind,
  });
  const report = (kinds: string[]): RunReport =>
    ({
      command: 'rotate',
      trigger: 'schedule',
      now: new Date(0),
      check: 'clean',
      before: [],
      after: [],
      notes: [],
      results: kinds.map((kind, i) => ({ secretId: `s${i}`, kind: 'blocked', reason: 'r', restarts: [restart(kind)] })),
    }) as unknown as RunReport;
  const rotate = readInputs(get({ command: 'rotate' }));

  it('names the secrets whose restarts were not sent for want of a ledger', () => {
    expect(missingLedgerWarning(report(['unavailable', 'triggered', 'unavailable']), rotate)).toMatch(
      /^restarts not sent for s0, s2: no restart-ledger input/,
    );
  });

  it('is silent with a ledger, with nothing unavailable, and outside rotate', () => {
    const withLedger = readInputs(get({ command: 'rotate', 'restart-ledger': 'l.json' }));
    expect(missingLedgerWarning(report(['unavailable']), withLedger)).toBeUndefined();
    expect(missingLedgerWarning(report(['triggered', 'deferred']), rotate)).toBeUndefined();
    expect(missingLedgerWarning(report(['unavailable']), readInputs(get({ command: 'alerts' })))).toBeUndefined();
  });
});
