import { MemoryAuditLog, type Actor } from '@docugen-secrets/audit';
import { cryptoRandom, silentLogger } from '@docugen-secrets/core';
import type { Consumer, RestartTriggerSpec, SecretManifest } from '@docugen-secrets/manifest';
import { testManifest, testRandomRotation } from '@docugen-secrets/manifest/testing';
import {
  builtinRotators,
  secretRef,
  type RestartLedger,
  type RestartTriggers,
  type RotationDeps,
} from '@docugen-secrets/rotation';
import { InMemoryStore, rotationToken } from '@docugen-secrets/secret-store';
import { FixedClock } from '@docugen-secrets/test-support';

export const ACTOR: Actor = { kind: 'local', user: 'reload-test' };

export function consumer(service: string, trigger: RestartTriggerSpec, restartsPerHour?: number): Consumer {
  return {
    service,
    reload: {
      kind: 'rolling-restart',
      deployment: service,
      rolloutDuration: 'PT30M',
      ...(restartsPerHour === undefined ? {} : { restartsPerHour }),
      trigger,
    },
  };
}

export function secret(id: string, consumers: Consumer[]): SecretManifest {
  return testManifest(id, {
    consumers,
    rotation: testRandomRotation({ cadence: 'P1D', overlap: 'PT10M' }),
    expiry: { warnBefore: ['PT1H'] },
  });
}

/** A store already holding `value` as current (promoted at the clock's time), an audit log and a clock. */
export class World {
  readonly clock = new FixedClock('2025-01-01T00:00:00Z');
  readonly store = new InMemoryStore({ clock: this.clock });
  readonly audit = new MemoryAuditLog();

  async seed(m: SecretManifest, value: string): Promise<void> {
    const ref = secretRef(m);
    await this.store.create(ref);
    const token = rotationToken(m.id, 'seed');
    await this.store.putPending(ref, { kind: 'string', value }, token);
    await this.store.promote(ref, token);
  }

  deps(triggers: RestartTriggers, ledger: RestartLedger, checkpoint?: RotationDeps['checkpoint']): RotationDeps {
    return {
      store: this.store,
      rotators: builtinRotators(),
      audit: this.audit,
      actor: ACTOR,
      clock: this.clock,
      random: cryptoRandom,
      logger: silentLogger,
      restarts: { triggers, ledger },
      ...(checkpoint ? { checkpoint } : {}),
    };
  }
}
