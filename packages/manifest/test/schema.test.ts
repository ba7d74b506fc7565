import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifestData, type RestartTriggerSpec, type SecretManifest } from '../src/index.js';
import schema from '../src/schema/secret-manifest.v1.schema.json' with { type: 'json' };

/** Every variant of every union, written as the TS type: compiles only if the types allow it. */
const base = {
  apiVersion: 'docugen.io/secrets/v1',
  id: 'sample-secret',
  description: 'A sample secret used to keep types and schema in step.',
  environment: 'staging',
  owner: { team: 'platform', handles: ['@octocat'] },
  oncall: {
    team: '@docugen/platform-oncall',
    assignees: ['@octocat'],
    escalation: [{ after: 'PT1H', team: '@docugen/security', assignees: ['@hubot'] }],
  },
  classification: 'internal',
  consumers: [
    { service: 'api', reload: { kind: 'live-client', refreshInterval: 'PT5M' }, notes: 'reads through the client' },
    {
      service: 'worker',
      reload: {
        kind: 'rolling-restart',
        deployment: 'worker',
        rolloutDuration: 'PT10M',
        maxUnavailable: 1,
        restartsPerHour: 2,
      },
    },
    { service: 'humans', reload: { kind: 'none', reason: 'used by people only' } },
  ],
  backend: { kind: 'aws-secrets-manager', name: 'staging/sample', region: 'eu-west-1', kmsKeyId: 'alias/x' },
  rotation: {
    kind: 'random-secret',
    strategy: 'alternating',
    cadence: 'P30D',
    overlap: 'P1D',
    emergencyOverlap: 'PT1H',
    length: 32,
    charset: 'hex',
  },
  expiry: { maxAge: 'P40D', notAfter: '2027-01-01T00:00:00Z', warnBefore: ['P7D'] },
  runbook: 'docs/runbooks/sample.md',
  smoke: false,
  labels: { system: 'sample' },
} satisfies SecretManifest;

const rotations: SecretManifest['rotation'][] = [
  base.rotation,
  {
    kind: 'signing-key-pair',
    strategy: 'signing-key',
    cadence: 'P30D',
    overlap: 'P8D',
    algorithm: 'Ed25519',
    publishDelay: 'PT1H',
    maxTokenLifetime: 'P7D',
    verifierCacheTtl: 'PT1H',
  },
  {
    kind: 'google-api-key',
    strategy: 'two-key',
    cadence: 'P90D',
    overlap: 'P2D',
    project: 'docugen-maps',
    apiTargets: ['places.googleapis.com'],
  },
  {
    kind: 'aws-iam-access-key',
    strategy: 'two-key',
    cadence: 'P30D',
    overlap: 'P1D',
    userName: 'svc',
    accountId: '123456789012',
  },
  {
    kind: 'gcs-hmac-key',
    strategy: 'two-key',
    cadence: 'P30D',
    overlap: 'P1D',
    project: 'docugen-dr',
    serviceAccountEmail: 'sa@docugen-dr.iam.gserviceaccount.com',
  },
  { kind: 'manual', strategy: 'manual', procedure: 'docs/runbooks/sample.md#rotation', cadence: 'P90D' },
];

describe('schema and TypeScript types agree', () => {
  it.each(rotations.map((r) => [r.kind, r] as const))(
    'a %s manifest typed as SecretManifest validates',
    (_kind, rotation) => {
      const r = validateManifestData({ ...base, rotation });
      expect(r.ok ? [] : r.errors).toEqual([]);
    },
  );

  it('the sops backend validates', () => {
    expect(
      validateManifestData({ ...base, backend: { kind: 'sops', path: 'secrets/staging/sample.sops.yaml' } }).ok,
    ).toBe(true);
  });

  it.each([
    { kind: 'repository-dispatch', repository: 'docugen/deploy-worker', eventType: 'docugen-secret-rotated' },
    { kind: 'workflow-dispatch', repository: 'docugen/deploy-worker', workflow: 'restart.yml', ref: 'main' },
    { kind: 'webhook', url: 'https://deploy.docugen.example/hooks/restart' },
  ] satisfies RestartTriggerSpec[])('a rolling-restart consumer with a $kind trigger validates', (trigger) => {
    const reload = { kind: 'rolling-restart', deployment: 'worker', rolloutDuration: 'PT10M', trigger } as const;
    const r = validateManifestData({ ...base, consumers: [{ service: 'worker', reload }] });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each([
    ['a webhook over plain http', { kind: 'webhook', url: 'http://deploy.docugen.example/hooks' }],
    ['a webhook URL with credentials', { kind: 'webhook', url: 'https://user:pw@deploy.docugen.example/' }],
    ['a repository that is not owner/name', { kind: 'repository-dispatch', repository: 'deploy-worker' }],
    ['a workflow that is not a file name or id', { kind: 'workflow-dispatch', repository: 'a/b', workflow: '../x' }],
    ['an unknown trigger kind', { kind: 'pager', repository: 'a/b' }],
  ])('a trigger is refused: %s', (_what, trigger) => {
    const reload = { kind: 'rolling-restart', deployment: 'worker', rolloutDuration: 'PT10M', trigger };
    expect(validateManifestData({ ...base, consumers: [{ service: 'worker', reload }] }).ok).toBe(false);
  });

  it('smoke must be a boolean', () => {
    expect(validateManifestData({ ...base, smoke: true }).ok).toBe(true);
    expect(validateManifestData({ ...base, smoke: 'yes' }).ok).toBe(false);
  });

  it('every top-level schema property is a key of the sample, and the sample has no extra keys', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(base).sort());
  });

  it('the committed standalone validator matches the schema', () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '../scripts/generate-validator.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
