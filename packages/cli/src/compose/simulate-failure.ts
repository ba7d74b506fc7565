import { DocugenError } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { mapRotators, wrapRotator, type Rotator, type RotatorContext } from '@docugen-secrets/rotation';
import type { RunBackends } from '@docugen-secrets/runner';
import type { SecretRef, SecretStore } from '@docugen-secrets/secret-store';
import { usageError } from '../usage.js';

/** The rotation steps a local run can be made to fail at (the engine's names; `retire` is the upstream revoke). */
export const SIMULATED_STEPS = ['create', 'set', 'test', 'finish', 'retire'] as const;
export type SimulatedStep = (typeof SIMULATED_STEPS)[number];

/** `start --simulate-failure SECRET:STEP`: the rotation of one secret fails at one step, this run only. */
export interface SimulatedFailure {
  readonly secretId: string;
  readonly step: SimulatedStep;
}

export type SimulationErrorCode = 'CLI_SIMULATED_FAILURE';

/** Parses `SECRET:STEP`; anything else is a usage error (the spec is quoted, `main` escapes it). */
export function parseSimulatedFailure(spec: string): SimulatedFailure {
  const m = /^([a-z0-9][a-z0-9-]*):([a-z]+)$/.exec(spec);
  const step = m?.[2];
  if (!m?.[1] || step === undefined || !(SIMULATED_STEPS as readonly string[]).includes(step))
    throw usageError(
      `--simulate-failure must be SECRET:STEP with STEP one of ${SIMULATED_STEPS.join(', ')} (got ${JSON.stringify(spec)})`,
    );
  return { secretId: m[1], step: step as SimulatedStep };
}

/** The secret must be one of the run's manifests: a typo would otherwise simulate nothing. */
export function assertSimulatedSecret(failure: SimulatedFailure, manifests: readonly SecretManifest[]): void {
  if (!manifests.some((m) => m.id === failure.secretId))
    throw usageError(`--simulate-failure: no manifest has the id ${JSON.stringify(failure.secretId)}`);
}

function simulated(failure: SimulatedFailure): DocugenError<SimulationErrorCode> {
  return new DocugenError<SimulationErrorCode>(
    'CLI_SIMULATED_FAILURE',
    `simulated failure of ${failure.secretId} at step ${failure.step} (start --simulate-failure); run again without it to recover`,
  );
}

/** The chosen hook fails for the chosen secret; every other call reaches the real rotator. */
function failingRotator(rotator: Rotator, failure: SimulatedFailure): Rotator {
  const hit = (ctx: RotatorContext, step: SimulatedStep): boolean =>
    ctx.manifest.id === failure.secretId && failure.step === step;
  return wrapRotator(rotator, {
    create: (ctx, input) => (hit(ctx, 'create') ? Promise.reject(simulated(failure)) : rotator.create(ctx, input)),
    set: (ctx, input) => (hit(ctx, 'set') ? Promise.reject(simulated(failure)) : rotator.set(ctx, input)),
    // A failed test is an answer, not an exception: the engine marks the pending version failed and discards it.
    test: (ctx, input) =>
      hit(ctx, 'test')
        ? Promise.resolve({ ok: false, reason: 'simulated test failure (start --simulate-failure)' })
        : rotator.test(ctx, input),
    retire: (ctx, input) => (hit(ctx, 'retire') ? Promise.reject(simulated(failure)) : rotator.retire(ctx, input)),
  });
}

/** `finish` is the store's promote of the pending version: it fails for the chosen secret. */
function failingPromote(store: SecretStore, failure: SimulatedFailure): SecretStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'promote')
        return (ref: SecretRef, versionId: string): Promise<void> =>
          ref.id === failure.secretId ? Promise.reject(simulated(failure)) : target.promote(ref, versionId);
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * The backends of a local run with one simulated failure: only the local
 * stores and emulators of `start` are ever wrapped, so nothing real can be
 * made to fail. The failure shows as the engine reports any other (an `error`
 * result naming the step, or a `failed` test), audited and alerted on.
 */
export function withSimulatedFailure(backends: RunBackends, failure: SimulatedFailure): RunBackends {
  const rotators = mapRotators(backends.rotators, (rotator) => failingRotator(rotator, failure));
  const wrapped = new Map<SecretStore, SecretStore>();
  return {
    store: (ref) => {
      const s = backends.store(ref);
      if (!s || failure.step !== 'finish') return s;
      const done = wrapped.get(s) ?? failingPromote(s, failure);
      wrapped.set(s, done);
      return done;
    },
    rotators,
    notes: [...backends.notes, `simulated failure: ${failure.secretId} at step ${failure.step} (this run only)`],
    close: () => backends.close(),
  };
}
