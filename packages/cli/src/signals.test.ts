import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitStatus, openSignalGate, type SignalProcess, type StopSignal } from './signals.js';

class FakeProcess extends EventEmitter implements SignalProcess {
  readonly pid = 4242;
  readonly kills: StopSignal[] = [];
  kill(_pid: number, signal: StopSignal): boolean {
    this.kills.push(signal);
    return true;
  }
}

function gate() {
  const proc = new FakeProcess();
  const timers: { fn: () => void; ms: number }[] = [];
  const notes: string[] = [];
  const g = openSignalGate(proc, {
    graceMs: 10_000,
    notify: (m) => notes.push(m),
    setTimer: (fn, ms) => (timers.push({ fn, ms }), {}),
  });
  return { proc, timers, notes, g };
}

describe('openSignalGate', () => {
  it('installs nothing until a command holds: the default action ends the process', () => {
    const { proc } = gate();
    expect(proc.listenerCount('SIGINT') + proc.listenerCount('SIGTERM')).toBe(0);
  });

  it('holding: the first signal asks the command to stop and starts a bounded grace period', async () => {
    const { proc, timers, notes, g } = gate();
    g.hold();
    proc.emit('SIGTERM');
    await g.stopSignal;
    expect(g.received()).toBe('SIGTERM');
    expect(proc.kills).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([10_000]);
    expect(notes[0]).toContain('stopping (up to 10 s');
    timers[0]?.fn();
    expect(proc.kills).toEqual(['SIGTERM']);
    expect(proc.listenerCount('SIGTERM')).toBe(0); // default action restored before re-raising
  });

  it('a second signal re-raises at once', () => {
    const { proc, g } = gate();
    g.hold();
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(proc.kills).toEqual(['SIGINT']);
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });

  it('dispose removes the handlers', () => {
    const { proc, g } = gate();
    g.hold();
    g.dispose();
    expect(proc.listenerCount('SIGINT') + proc.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('exitStatus', () => {
  it.each([
    [0, undefined, 0],
    [1, undefined, 1],
    [0, 'SIGTERM', 0],
    [1, 'SIGTERM', 143],
    [3, 'SIGINT', 130],
  ] as const)('code %i after %s is %i', (code, signal, status) => {
    expect(exitStatus(code, signal)).toBe(status);
  });
});
