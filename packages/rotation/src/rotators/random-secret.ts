import type { Rotation } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';
import { rotationError } from '../errors.js';
import type { Rotator, RotatorContext, TestOutcome } from './port.js';
import { inCharset, randomString } from './charset.js';

type RandomRotation = Extract<Rotation, { kind: 'random-secret' }>;

function settings(ctx: RotatorContext): RandomRotation {
  const r = ctx.manifest.rotation;
  if (r.kind !== 'random-secret') {
    throw rotationError(
      'ROTATION_NO_ROTATOR',
      `secret "${ctx.manifest.id}": the random-secret rotator got a ${r.kind} manifest`,
      { secretId: ctx.manifest.id },
    );
  }
  return r;
}

function check(ctx: RotatorContext, v: SecretValue): TestOutcome {
  const r = settings(ctx);
  if (v.kind !== 'string') return { ok: false, reason: 'the value is binary, a string was expected' };
  if (v.value.length !== r.length)
    return { ok: false, reason: `the value has ${v.value.length} characters, the manifest asks for ${r.length}` };
  if (!inCharset(v.value, r.charset))
    return { ok: false, reason: `the value has characters outside the ${r.charset} charset` };
  return { ok: true };
}

/**
 * Random secrets (webhook HMAC keys, passwords): length and charset from the
 * manifest, generated from the RandomSource port. There is no upstream:
 * consumers read the value from the store (alternating: a verifier accepts
 * current and previous during the overlap), so set, retire and discard have
 * nothing to do, and test proves the value has the declared shape.
 */
export function randomSecretRotator(): Rotator<'random-secret'> {
  return {
    kind: 'random-secret',
    create: (ctx) => {
      const r = settings(ctx);
      return Promise.resolve({ kind: 'string', value: randomString(ctx.random, r.length, r.charset) });
    },
    set: () => Promise.resolve(),
    test: (ctx, { pending }) => Promise.resolve(check(ctx, pending)),
    retire: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  };
}
