import type { Clock } from '@docugen-secrets/core';

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void | Promise<void>;
}

/**
 * A clock and timers that move only when a test says so (the shape of the
 * client's `Timers` port): `advance(ms)` runs every timer due in that span in
 * time order, letting promise chains settle after each, so refresh loops are
 * deterministic without real waiting.
 */
export class ManualTimers implements Clock {
  #ms: number;
  #seq = 0;
  readonly #pending = new Map<number, Pending>();

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.#ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(fn: () => void | Promise<void>, ms: number): unknown {
    const seq = ++this.#seq;
    this.#pending.set(seq, { at: this.#ms + Math.max(0, ms), seq, fn });
    return seq;
  }

  clear(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Timers waiting to run. */
  get size(): number {
    return this.#pending.size;
  }

  /** When the next timer runs (ms since the epoch), if any. */
  nextAt(): number | undefined {
    let best: Pending | undefined;
    for (const p of this.#pending.values())
      if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    return best?.at;
  }

  /** Moves time forward by `ms`, running due timers in order; a timer's returned promise is awaited, then pending callbacks settle. */
  async advance(ms: number): Promise<void> {
    const end = this.#ms + ms;
    await settle();
    for (;;) {
      const next = [...this.#pending.values()]
        .filter((p) => p.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#pending.delete(next.seq);
      this.#ms = next.at;
      await next.fn();
      await settle();
    }
    this.#ms = end;
    await settle();
  }
}

/** Lets pending promise callbacks (and one macrotask turn) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
