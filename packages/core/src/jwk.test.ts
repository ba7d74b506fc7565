import { describe, expect, it } from 'vitest';
import { parsePrivateJwk, publicJwk } from './jwk.js';

const ec = { kty: 'EC', crv: 'P-256', x: 'X', y: 'Y', d: 'PRIVATE-D', kid: 'k1', alg: 'ES256' };
const rsa = {
  kty: 'RSA',
  n: 'N',
  e: 'AQAB',
  d: 'D',
  p: 'P',
  q: 'Q',
  dp: 'DP',
  dq: 'DQ',
  qi: 'QI',
  kid: 'k2',
  alg: 'RS256',
};

describe('JWK shapes', () => {
  it('cuts the public half by allow-list, whatever private members the key holds', () => {
    expect(publicJwk(ec)).toEqual({ kty: 'EC', crv: 'P-256', x: 'X', y: 'Y', kid: 'k1', alg: 'ES256', use: 'sig' });
    expect(publicJwk({ ...rsa, oth: 'O', k: 'K' })).toEqual({
      kty: 'RSA',
      n: 'N',
      e: 'AQAB',
      kid: 'k2',
      alg: 'RS256',
      use: 'sig',
    });
    expect(JSON.stringify(publicJwk(rsa))).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
  });

  it('parses a private JWK with string kty, kid and alg, and nothing else', () => {
    expect(parsePrivateJwk(JSON.stringify(ec))).toEqual(ec);
    for (const bad of ['not json', '[]', 'null', '"x"', '{"kty":"EC","kid":"k"}', '{"kty":1,"kid":"k","alg":"ES256"}'])
      expect(parsePrivateJwk(bad)).toBeUndefined();
  });
});
