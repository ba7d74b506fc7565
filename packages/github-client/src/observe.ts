/** One HTTP attempt as the client made it: method, path (no query, no host), status or failure. */
export interface RequestEvent {
  readonly method: string;
  readonly path: string;
  /** The HTTP status; undefined when the connection failed. */
  readonly status: number | undefined;
}

export type RequestObserver = (event: RequestEvent) => void;

/** Wraps fetch so every attempt (retries included) is reported; never sees headers or bodies. */
export function countingFetch(inner: typeof fetch, observe: RequestObserver | undefined): typeof fetch {
  if (!observe) return inner;
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    try {
      const res = await inner(input, init);
      observe({ method, path: url.pathname, status: res.status });
      return res;
    } catch (err) {
      observe({ method, path: url.pathname, status: undefined });
      throw err;
    }
  };
}

/** A ready-made observer: attempts per `METHOD path-template-ish` key, for reports and tests. */
export class RequestCounter {
  #total = 0;
  #failed = 0;
  readonly observe: RequestObserver = (e) => {
    this.#total += 1;
    if (e.status === undefined || e.status >= 400) this.#failed += 1;
  };

  get total(): number {
    return this.#total;
  }

  /** Attempts answered >= 400 or not answered at all. */
  get failed(): number {
    return this.#failed;
  }
}
