import { setTimeout as sleep } from 'node:timers/promises';

/** Requests sent and failed, per route. */
export class Tally {
  readonly sent = new Map<string, number>();
  readonly failed = new Map<string, number>();
  /** The first few failures of each route with their status and time, for the assertion message (never a body). */
  readonly samples: string[] = [];

  record(route: string, ok: boolean, status: number | string): void {
    this.sent.set(route, (this.sent.get(route) ?? 0) + 1);
    if (ok) return;
    const n = (this.failed.get(route) ?? 0) + 1;
    this.failed.set(route, n);
    if (n <= 3) this.samples.push(`${route} ${status} at ${new Date().toISOString()}`);
  }

  total(map: Map<string, number>): number {
    return [...map.values()].reduce((a, b) => a + b, 0);
  }
}

/** One request; any non-2xx answer or network error is a failed request. */
export async function send(
  tally: Tally,
  route: string,
  url: string,
  init: RequestInit = {},
): Promise<string | undefined> {
  try {
    const res = await fetch(url, init);
    const body = await res.text();
    // The service's error bodies are value-free ({ ok, upstream, error }): kept in the sample for diagnosis.
    tally.record(route, res.ok, res.ok ? res.status : `${res.status} ${body.slice(0, 120)}`);
    return res.ok ? body : undefined;
  } catch (err) {
    tally.record(route, false, err instanceof Error ? `${err.name}: ${err.message}` : 'error');
    return undefined;
  }
}

/**
 * A bounded, paced loop: `workers` loops, each running the next step and then
 * pausing `pauseMs`, until `stop()` says so — steady load that leaves the
 * rotator and the refreshers their share of two loaded cores.
 */
export async function runLoad(
  workers: number,
  pauseMs: number,
  stop: () => boolean,
  step: (worker: number, i: number) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; !stop(); i++) {
        await step(w, i);
        await sleep(pauseMs);
      }
    }),
  );
}
