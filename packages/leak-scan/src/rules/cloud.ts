import gcpExampleKeys from './fixtures/gcp-example-keys.json' with { type: 'json' };
import { defineRule, keyAssignment, TOKEN_END, type LeakRule } from './define.js';

/**
 * Example keys published in firebase/firebase-android-sdk; gitleaks allowlists
 * them for `gcp-api-key` (cmd/generate/config/rules/gcp.go). Kept as data in
 * ./fixtures so no key-shaped literal lives in the source.
 */
const GCP_EXAMPLE_KEYS: readonly string[] = gcpExampleKeys.keys;

export const gcpApiKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'gcp-api-key', file: 'cmd/generate/config/rules/gcp.go' },
  title: 'Google (GCP) API key',
  description:
    'A Google Cloud / Firebase API key (`AIza` + 35 characters). Anyone holding it can call the enabled Google APIs billed to the project.',
  severity: 'error',
  keywords: ['aiza'],
  source: String.raw`\b(AIza[\w-]{35})${TOKEN_END}`,
  entropy: 4,
  publicPrefix: /^AIza/,
  allowlists: [{ target: 'secret', regexes: GCP_EXAMPLE_KEYS.map((k) => new RegExp(k)) }],
});

export const awsAccessToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'aws-access-token', file: 'cmd/generate/config/rules/aws.go' },
  title: 'AWS access key id',
  description:
    'An AWS access key id (`AKIA` long-term, `ASIA` STS temporary, `ABIA`, `ACCA`, `A3T…`). The id alone is not enough to sign requests, but it is never published on purpose and usually sits next to its secret key.',
  severity: 'error',
  keywords: ['a3t', 'akia', 'asia', 'abia', 'acca'],
  source: String.raw`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`,
  entropy: 3,
  publicPrefix: /^(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)/,
  allowlists: [{ target: 'secret', regexes: [/.+EXAMPLE$/] }],
});

/**
 * gitleaks ships `aws-secret-access-key` only as a sub-rule of composite AWS
 * rules; here it stands alone, keyed like its generic rules: a name holding
 * both "aws" and "secret", then a 40-character base64-ish value.
 */
export const awsSecretAccessKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'aws-secret-access-key', file: 'cmd/generate/config/rules/aws_secret.go' },
  title: 'AWS secret access key',
  description:
    'A 40-character AWS secret access key assigned to a name that mentions both "aws" and "secret" (`aws_secret_access_key = …`, `AWS_SECRET_KEY: …`). With its key id it signs any request the IAM principal may make.',
  severity: 'error',
  keywords: ['aws'],
  source: keyAssignment(String.raw`(?:aws[\w.-]{0,20}?secret|secret[\w.-]{0,20}?aws)`, '[A-Za-z0-9/+=]{40}'),
  flags: 'i',
  entropy: 3,
  keyPrefix: true,
  // AWS's documented example secret (`wJalr…EXAMPLEKEY`) ends in EXAMPLEKEY, not EXAMPLE.
  allowlists: [{ target: 'secret', regexes: [/EXAMPLE/] }],
});
