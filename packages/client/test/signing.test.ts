import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '@docugen-secrets/test-support';
import { createSecretClient, MemorySource } from '../src/index.js';

function newKey(kid: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA' });
}

describe('signingKeys', () => {
  it('signs with current; the set holds pending + current + previous public keys only', async () => {
    const timers = new ManualTimers();
    const source = new MemorySource();
    source.set('sig', 'v1', newKey('k1'));
    const client = createSecretClient({ source, clock: timers, timers, jitter: 0, refreshInterval: 'PT1M' });
    await client.load([{ id: 'sig', acceptPending: true }]);
    const first = client.signingKeys('sig');
    expect(first.signing.kid).toBe('k1');
    expect(first.jwks.keys.map((k) => k.kid)).toEqual(['k1']);
    expect(client.signingKeys('sig')).toBe(first);
    source.putPending('sig', 'v2', newKey('k2'));
    await timers.advance(60_000);
    expect(client.signingKeys('sig').signing.kid).toBe('k1');
    expect(client.signingKeys('sig').jwks.keys.map((k) => k.kid)).toEqual(['k2', 'k1']);
    const token = Buffer.from('document');
    const sigOld = sign(null, token, { key: first.signing as never, format: 'jwk' });
    source.promote('sig');
    await timers.advance(60_000);
    const now = client.signingKeys('sig');
    expect(now.signing.kid).toBe('k2');
    expect(now.jwks.keys.map((k) => k.kid)).toEqual(['k2', 'k1']);
    for (const k of now.jwks.keys) expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    const old = now.jwks.keys.find((k) => k.kid === 'k1');
    expect(verify(null, token, createPublicKey({ key: old as never, format: 'jwk' }), sigOld)).toBe(true);
    source.retire('sig');
    await timers.advance(60_000);
    expect(client.signingKeys('sig').jwks.keys.map((k) => k.kid)).toEqual(['k2']);
    client.close();
  });

  it('a value that is not a JWK is CLIENT_BAD_VALUE', async () => {
    const source = new MemorySource();
    source.set('x', 'v1', 'not json');
    const client = createSecretClient({ source, timers: new ManualTimers() });
    await client.load(['x']);
    expect(() => client.signingKeys('x')).toThrow(expect.objectContaining({ code: 'CLIENT_BAD_VALUE' }));
    client.close();
  });
});
