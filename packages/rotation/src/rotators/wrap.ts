import type { Rotation } from '@docugen-secrets/manifest';
import type { Rotator, RotatorRegistry } from './port.js';

/** Hooks that replace the wrapped rotator's; each may call the wrapped one itself. */
export type RotatorOverrides<K extends Rotation['kind']> = Partial<Omit<Rotator<K>, 'kind'>>;

/**
 * A rotator that delegates every hook to `rotator` except those in `overrides`.
 * Every hook is delegated explicitly: rotators may be class instances whose
 * methods live on the prototype (a spread would drop them, `preflight` and
 * `stillInUse` included). Optional hooks stay absent when `rotator` has none,
 * so the engine's "cannot tell" paths are unchanged by a wrapper.
 */
export function wrapRotator<K extends Rotation['kind']>(
  rotator: Rotator<K>,
  overrides: RotatorOverrides<K>,
): Rotator<K> {
  return {
    kind: rotator.kind,
    create: overrides.create ?? ((ctx, input) => rotator.create(ctx, input)),
    set: overrides.set ?? ((ctx, input) => rotator.set(ctx, input)),
    test: overrides.test ?? ((ctx, input) => rotator.test(ctx, input)),
    retire: overrides.retire ?? ((ctx, input) => rotator.retire(ctx, input)),
    discard: overrides.discard ?? ((ctx, input) => rotator.discard(ctx, input)),
    ...(rotator.preflight === undefined
      ? {}
      : { preflight: overrides.preflight ?? ((ctx, input) => rotator.preflight?.(ctx, input) ?? Promise.resolve()) }),
    ...(rotator.stillInUse === undefined
      ? {}
      : {
          stillInUse:
            overrides.stillInUse ?? ((ctx, input) => rotator.stillInUse?.(ctx, input) ?? Promise.resolve(false)),
        }),
  };
}

/** The registry with every rotator passed through `wrap` (e.g. wrapRotator with a run's overrides). */
export function mapRotators(registry: RotatorRegistry, wrap: (rotator: Rotator) => Rotator): RotatorRegistry {
  const out: Record<string, Rotator> = {};
  for (const [kind, rotator] of Object.entries(registry)) out[kind] = wrap(rotator);
  return out;
}
