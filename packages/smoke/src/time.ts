import type { Clock } from '@docugen-secrets/core';
import type { Timers } from '@docugen-secrets/client';

interface Due {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void | Promise<void>;
}

/**
 * The smoke test's timeline: a clock and the client's timers that move only
 * when the smoke test says so. Overlaps, refresh intervals and retire times
 * are simulated, never slept, so a rotation with a ten-minute overlap is
 * checked in seconds — while every store and client call is real.
 * `advance` runs the timers due in the span in time order and awaits the
 * work each one started (a client refresh), so "observed within the
 * refresh interval" is decided by simulated time, not by machine load.
 */
export class SimulatedTime implements Clock, Timers {
  #ms: number;
  #seq = 0;
  readonly #due = new Map<number, Due>();

  constructor(start: Date) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(fn: () => void | Promise<void>, ms: number): unknown {
    const seq = ++this.#seq;
    this.#due.set(seq, { at: this.#ms + Math.max(0, ms), seq, fn });
    return seq;
  }

  clear(handle: unknown): void {
    this.#due.delete(handle as number);
  }

  /** Moves time on to `at` (never back), running every timer due by then. */
  async advanceTo(at: Date): Promise<void> {
    const end = Math.max(this.#ms, at.getTime());
    for (let next = this.#next(end); next; next = this.#next(end)) {
      this.#due.delete(next.seq);
      this.#ms = next.at;
      await next.fn();
      await turn();
    }
    this.#ms = end;
  }

  /** Moves time on by `ms`. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(new Date(this.#ms + ms));
  }

  #next(end: number): Due | undefined {
    let best: Due | undefined;
    for (const d of this.#due.values()) {
      if (d.at > end) continue;
      if (!best || d.at < best.at || (d.at === best.at && d.seq < best.seq)) best = d;
    }
    return best;
  }
}

/** Lets promise callbacks queued by a timer's work run before the next one. */
async function turn(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
