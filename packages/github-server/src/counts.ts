/**
 * Requests and writes per operation (every attempt, faulted and refused ones
 * included), so tests can assert "this sync made 0 writes" at the server.
 */
export class Counts {
  readonly #requests = new Map<string, number>();
  readonly #writes = new Map<string, number>();

  request(op: string): void {
    this.#requests.set(op, (this.#requests.get(op) ?? 0) + 1);
  }

  write(op: string): void {
    this.#writes.set(op, (this.#writes.get(op) ?? 0) + 1);
  }

  requests(): Record<string, number> {
    return Object.fromEntries(this.#requests);
  }

  writes(): Record<string, number> {
    return Object.fromEntries(this.#writes);
  }

  reset(): void {
    this.#requests.clear();
    this.#writes.clear();
  }
}
