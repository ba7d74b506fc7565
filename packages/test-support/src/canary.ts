import { randomBytes } from 'node:crypto';
import { describeError } from '@docugen-secrets/core';

/** A unique, recognisable value that must never appear in any audit line, log or message. */
export function canary(label = 'value'): string {
  return `CANARY-${label}-${randomBytes(9).toString('base64url')}`;
}

/** Collects every text the code under test produced, to scan for canaries. */
export class Observed {
  readonly #texts: string[] = [];

  add(text: string): void {
    this.#texts.push(text);
  }

  /** An error's message, details and the messages of its cause chain. */
  addError(err: unknown): void {
    let e: unknown = err;
    for (let depth = 0; e !== undefined && depth < 10; depth++) {
      this.#texts.push(describeError(e));
      if (typeof e === 'object' && e !== null && 'details' in e) this.#texts.push(JSON.stringify(e.details));
      e = typeof e === 'object' && e !== null && 'cause' in e ? e.cause : undefined;
    }
  }

  text(): string {
    return this.#texts.join('\n');
  }
}
