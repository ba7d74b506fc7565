import { defineRule, TOKEN_END, type LeakRule } from './define.js';

export const privateKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'private-key', file: 'cmd/generate/config/rules/privatekey.go' },
  title: 'Private key (PEM)',
  description:
    'A PEM-armoured private key block (`-----BEGIN … PRIVATE KEY-----` with at least 64 characters of body): RSA, EC, OpenSSH, PKCS#8, PGP and the like.',
  severity: 'error',
  keywords: ['-----begin'],
  source: String.raw`-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----`,
  flags: 'i',
  publicPrefix: /^-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/i,
});

export const ageSecretKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'age-secret-key', file: 'cmd/generate/config/rules/age.go' },
  title: 'age secret key',
  description:
    'An age X25519 identity (`AGE-SECRET-KEY-1` + 58 bech32 characters): it decrypts every SOPS file and age message addressed to its recipient.',
  severity: 'error',
  keywords: ['age-secret-key-1'],
  source: 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
  publicPrefix: /^AGE-SECRET-KEY-1/,
});

export const jwt: LeakRule = defineRule({
  gitleaks: { ruleId: 'jwt', file: 'cmd/generate/config/rules/jwt.go' },
  title: 'JSON Web Token',
  description:
    'A JSON Web Token (`eyJ…` header, `.ey…` payload, optional signature). A signed, unexpired JWT is a bearer credential; expired or sample tokens still reveal claims.',
  severity: 'warning',
  keywords: ['ey'],
  source: String.raw`\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\.(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)${TOKEN_END}`,
  entropy: 3,
  publicPrefix: /^ey/,
});

export const stripeAccessToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'stripe-access-token', file: 'cmd/generate/config/rules/stripe.go' },
  title: 'Stripe secret or restricted key',
  description: 'A Stripe secret (`sk_`) or restricted (`rk_`) API key for test, live or prod mode.',
  severity: 'error',
  keywords: ['sk_test', 'sk_live', 'sk_prod', 'rk_test', 'rk_live', 'rk_prod'],
  source: String.raw`\b((?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99})${TOKEN_END}`,
  entropy: 2,
  publicPrefix: /^(?:sk|rk)_(?:test|live|prod)_/,
});
