import { randomUUID } from 'node:crypto';
import { googleError } from './fake-google-api-keys-state.js';
import { jsonReply, type FakeReply } from './fake-http.js';

const KEY_TYPE = 'type.googleapis.com/google.api.apikeys.v2.Key';

/**
 * The long-running operations of the API Keys API: every mutation answers
 * with an operation that is `done: false` for `polls` GetOperation calls (the
 * client must poll, as upstream, where the first reply is never finished),
 * then done with the key as it was when the mutation ran.
 */
export class FakeOperations {
  readonly #pending = new Map<string, { polls: number; readonly response: Record<string, unknown> }>();

  constructor(readonly polls: number) {}

  /** Starts an operation whose result is `resource` (a Key as JSON). */
  start(resource: Record<string, unknown>): FakeReply {
    const name = `operations/akmf.p7-${randomUUID()}`;
    const response = { '@type': KEY_TYPE, ...resource };
    if (this.polls === 0) return jsonReply(200, { name, done: true, response });
    this.#pending.set(name, { polls: this.polls, response });
    return jsonReply(200, { name, done: false });
  }

  /** GetOperation. */
  poll(name: string): FakeReply {
    const op = this.#pending.get(name);
    if (!op) return googleError(404, 'NOT_FOUND', `Operation ${name} not found.`);
    op.polls -= 1;
    if (op.polls > 0) return jsonReply(200, { name, done: false });
    this.#pending.delete(name);
    return jsonReply(200, { name, done: true, response: op.response });
  }
}
