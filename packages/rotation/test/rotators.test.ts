import { describe, expect, it } from 'vitest';
import { compactVerify, importJWK, CompactSign, type JWK } from 'jose';
import { FixedClock, MemoryLogger } from '@docugen-secrets/test-support';
import {
  ALPHABETS,
  jwksFromVersions,
  parseSigningKey,
  randomSecretRotator,
  randomString,
  signingKeyPairRotator,
  type Charset,
  type RotatorContext,
} from '../src/index.js';
import { manifest, randomRotation, signingRotation } from './fixtures.js';
import { seededRandom } from './harness.js';

const ctxFor = (m: ReturnType<typeof manifest>): RotatorContext => ({
  manifest: m,
  now: new FixedClock('2025-01-01T00:00:00Z').now(),
  random: seededRandom('r'),
  logger: new MemoryLogger(),
  emergency: false,
});

describe('random-secret rotator', () => {
  it.each<[Charset, number]>([
    ['alphanumeric', 62],
    ['base64url', 64],
    ['hex', 16],
    ['ascii-printable', 94],
  ])('%s: right length, only the alphabet, no character favoured', (charset, size) => {
    expect(new Set(ALPHABETS[charset]).size).toBe(size);
    const text = randomString(seededRandom(charset), 200_000, charset);
    expect(text).toHaveLength(200_000);
    const counts = new Map<string, number>();
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(size);
    const expected = 200_000 / size;
    // Each count within 10% of uniform (a modulo-biased generator is off by ~25% for 62 or 94 symbols).
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
  });

  it('creates values the manifest asks for and tests their shape', async () => {
    const m = manifest('hmac', randomRotation({ length: 48, charset: 'hex' }));
    const r = randomSecretRotator();
    const v = await r.create(ctxFor(m), { token: 't'.repeat(36) });
    expect(v.kind === 'string' && /^[0-9a-f]{48}$/.test(v.value)).toBe(true);
    await expect(r.test(ctxFor(m), { pending: v })).resolves.toEqual({ ok: true });
    await expect(r.test(ctxFor(m), { pending: { kind: 'string', value: 'zz' } })).resolves.toMatchObject({ ok: false });
    await expect(r.test(ctxFor(m), { pending: { kind: 'string', value: 'g'.repeat(48) } })).resolves.toMatchObject({
      ok: false,
    });
  });
});

describe('signing-key-pair rotator', () => {
  it.each(['Ed25519', 'ES256', 'RS256'] as const)(
    '%s: a key that signs, a JWKS without private members that verifies',
    async (algorithm) => {
      const m = manifest('sig', signingRotation({ algorithm }));
      const r = signingKeyPairRotator();
      const [a, b] = [
        await r.create(ctxFor(m), { token: 'x'.repeat(36) }),
        await r.create(ctxFor(m), { token: 'y'.repeat(36) }),
      ];
      await expect(r.test(ctxFor(m), { pending: a })).resolves.toEqual({ ok: true });
      const jwks = jwksFromVersions([a, b, undefined, a]);
      expect(jwks.keys).toHaveLength(2);
      for (const k of jwks.keys) {
        expect(Object.keys(k).filter((x) => ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].includes(x))).toEqual([]);
        expect(k.use).toBe('sig');
      }
      // A token signed with the private key verifies with the published key of the same kid.
      const priv = parseSigningKey(a, 'test');
      const jws = await new CompactSign(new TextEncoder().encode('doc'))
        .setProtectedHeader({ alg: priv.alg, kid: priv.kid })
        .sign(await importJWK(priv as JWK, priv.alg));
      const pub = jwks.keys.find((k) => k.kid === priv.kid);
      expect(pub).toBeDefined();
      await expect(compactVerify(jws, await importJWK(pub as JWK, pub!.alg))).resolves.toBeTruthy();
      expect(JSON.stringify(jwks)).not.toContain(String(priv['d']));
    },
  );

  it('rejects a key for another algorithm and a kid that is not the thumbprint', async () => {
    const ed = manifest('sig', signingRotation({ algorithm: 'Ed25519' }));
    const es = manifest('sig', signingRotation({ algorithm: 'ES256' }));
    const r = signingKeyPairRotator();
    const v = await r.create(ctxFor(ed), { token: 'x'.repeat(36) });
    await expect(r.test(ctxFor(es), { pending: v })).resolves.toMatchObject({ ok: false });
    const tampered = { kind: 'string' as const, value: JSON.stringify({ ...parseSigningKey(v, 't'), kid: 'other' }) };
    await expect(r.test(ctxFor(ed), { pending: tampered })).resolves.toMatchObject({ ok: false });
    expect(() => parseSigningKey({ kind: 'string', value: 'not json' }, 'where')).toThrow(
      expect.objectContaining({ code: 'ROTATION_BAD_VALUE' }),
    );
  });
});

describe('readJwks', () => {
  it('publishes pending, current and previous keys of a signing secret from its store', async () => {
    const { World } = await import('./harness.js');
    const { rotateSecret, readJwks, secretRef, builtinRotators } = await import('../src/index.js');
    const w = new World('2025-01-01T00:00:00Z');
    w.rotators = builtinRotators();
    const m = manifest('sig', signingRotation({ publishDelay: 'PT1H' }));
    await rotateSecret(w.deps(), m);
    expect((await readJwks(w.memory, secretRef(m))).keys).toHaveLength(1);
    w.at('2025-01-31T00:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('waiting');
    // The new public key is published (pending) before anything is signed with it.
    const published = await readJwks(w.memory, secretRef(m));
    expect(published.keys).toHaveLength(2);
    w.at('2025-01-31T01:00:00Z');
    expect((await rotateSecret(w.deps(), m)).kind).toBe('rotated');
    expect((await readJwks(w.memory, secretRef(m))).keys.map((k) => k.kid).sort()).toEqual(
      published.keys.map((k) => k.kid).sort(),
    );
  });
});
