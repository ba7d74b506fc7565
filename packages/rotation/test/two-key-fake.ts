import type { Clock, RandomSource } from '@docugen-secrets/core';
import type { SecretValue } from '@docugen-secrets/secret-store';
import type { Rotator, TestOutcome } from '../src/index.js';

/**
 * A test double of a two-key provider port (IAM access keys, Google API keys):
 * upstream "credentials" live in a Map, with the provider's real limits — at
 * most two keys per user, secrets readable only at creation unless the
 * provider can re-read them (`adopt`). Records every key ever created and when
 * each was deleted, so tests can count credentials and check retire times.
 */
export interface FakeKey {
  readonly id: string;
  readonly secret: string;
  readonly token: string;
  readonly createdAt: Date;
  active: boolean;
  deletedAt?: Date;
}

export interface TwoKeyFakeOptions {
  readonly clock: Clock;
  readonly random: RandomSource;
  /** true: Google-style, a key created with the token can be read back and adopted. false: IAM-style, orphans are deleted. */
  readonly adopt: boolean;
  /** Keys created in [from, to) fail their test (a key the provider rejects), however often tested. */
  readonly failCreatedBetween?: readonly [Date, Date];
  /** Key ids reported as still in use by `stillInUse`. */
  readonly inUse?: Set<string>;
}

export const MAX_KEYS = 2;

interface Stored {
  readonly keyId: string;
  readonly secret: string;
}

export function parseKey(v: SecretValue): Stored {
  if (v.kind !== 'string') throw new Error('fake: binary value');
  return JSON.parse(v.value) as Stored;
}

export class TwoKeyFake {
  readonly all: FakeKey[] = [];
  readonly #opts: TwoKeyFakeOptions;

  constructor(opts: TwoKeyFakeOptions) {
    this.#opts = opts;
  }

  live(): FakeKey[] {
    return this.all.filter((k) => k.deletedAt === undefined);
  }

  #delete(id: string): void {
    const k = this.all.find((x) => x.id === id && x.deletedAt === undefined);
    if (k) k.deletedAt = this.#opts.clock.now();
  }

  #create(token: string): FakeKey {
    if (this.live().length >= MAX_KEYS) throw new Error(`fake provider: LimitExceeded (${MAX_KEYS} keys)`);
    const hex = Buffer.from(this.#opts.random.bytes(12)).toString('hex');
    const key: FakeKey = {
      id: `AKIA${hex.slice(0, 12).toUpperCase()}`,
      secret: `sk-${hex}`,
      token,
      createdAt: this.#opts.clock.now(),
      active: false,
    };
    this.all.push(key);
    return key;
  }

  rotator(): Rotator<'aws-iam-access-key'> {
    const value = (k: FakeKey): SecretValue => ({
      kind: 'string',
      value: JSON.stringify({ keyId: k.id, secret: k.secret }),
    });
    return {
      kind: 'aws-iam-access-key',
      create: (_ctx, { token, current }) => {
        const keep = current ? parseKey(current).keyId : undefined;
        const mine = this.#opts.adopt ? this.live().find((k) => k.token === token && k.id !== keep) : undefined;
        for (const k of this.live()) if (k.id !== keep && k !== mine) this.#delete(k.id);
        return Promise.resolve(value(mine ?? this.#create(token)));
      },
      set: (_ctx, { pending }) => {
        const k = this.live().find((x) => x.id === parseKey(pending).keyId);
        if (k) k.active = true;
        return Promise.resolve();
      },
      test: (_ctx, { pending }): Promise<TestOutcome> => {
        const s = parseKey(pending);
        const k = this.live().find((x) => x.id === s.keyId);
        const bad = this.#opts.failCreatedBetween;
        if (k && bad && k.createdAt >= bad[0] && k.createdAt < bad[1])
          return Promise.resolve({ ok: false, reason: 'provider rejected the new key (injected)' });
        return Promise.resolve(
          k?.active === true && k.secret === s.secret
            ? { ok: true }
            : { ok: false, reason: 'key missing or inactive upstream' },
        );
      },
      stillInUse: (_ctx, { previous }) => Promise.resolve(this.#opts.inUse?.has(parseKey(previous).keyId) === true),
      retire: (_ctx, { previous }) => {
        this.#delete(parseKey(previous).keyId);
        return Promise.resolve();
      },
      discard: (_ctx, { pending }) => {
        this.#delete(parseKey(pending).keyId);
        return Promise.resolve();
      },
    };
  }
}
