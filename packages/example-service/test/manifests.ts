import type { SecretManifest } from '@docugen-secrets/manifest';

/**
 * The document service's four secrets with time compressed to seconds. The
 * consumer entries declare PT3S: the service's client refreshes every 2 s
 * with 10 % jitter and the sender every 2.5 s, so both stay within what the
 * manifests promise the rotator (it waits that long before asking IAM
 * whether the old key is still in use) even on a loaded machine.
 */
export interface Timings {
  /** Overlap of the two-key and alternating secrets; 'PT0S' with `withoutOverlap`. */
  readonly overlap: string;
  readonly webhookStrategy: 'alternating' | 'single';
}

export const WITH_OVERLAP: Timings = { overlap: 'PT5S', webhookStrategy: 'alternating' };
export const WITHOUT_OVERLAP: Timings = { overlap: 'PT0S', webhookStrategy: 'single' };

const consumers: SecretManifest['consumers'] = [
  { service: 'document-service', reload: { kind: 'live-client', refreshInterval: 'PT3S' } },
  { service: 'webhook-sender', reload: { kind: 'live-client', refreshInterval: 'PT3S' } },
];

function base(id: string, backend: SecretManifest['backend']): Omit<SecretManifest, 'rotation'> {
  return {
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: `zero-downtime test: ${id}`,
    environment: 'development',
    owner: { team: 'docs', handles: ['@docs'] },
    oncall: {},
    classification: 'internal',
    consumers,
    backend,
    expiry: { warnBefore: ['PT1S'] },
    runbook: 'docs/runbooks/zero-downtime.md',
  };
}

export const IDS = {
  signingKey: 'zd-signing-key',
  placesKey: 'zd-places-api-key',
  storageKey: 'zd-storage-access-key',
  webhookSecret: 'zd-webhook-hmac-secret',
} as const;

export const IAM_USER = 'zd-document-store';

export function manifests(t: Timings, run: string): SecretManifest[] {
  const aws = (id: string): SecretManifest['backend'] => ({
    kind: 'aws-secrets-manager',
    name: `zd/${run}/${id}`,
    region: 'eu-west-1',
  });
  return [
    {
      ...base(IDS.signingKey, { kind: 'sops', path: `secrets/zd/${run}/${IDS.signingKey}.sops.yaml` }),
      rotation: {
        kind: 'signing-key-pair',
        strategy: 'signing-key',
        algorithm: 'Ed25519',
        cadence: 'PT2S',
        publishDelay: 'PT1S',
        maxTokenLifetime: 'PT3S',
        verifierCacheTtl: 'PT0.5S',
        overlap: 'PT1S',
        emergencyOverlap: 'PT0S',
      },
    },
    {
      ...base(IDS.placesKey, aws(IDS.placesKey)),
      rotation: {
        kind: 'google-api-key',
        strategy: 'two-key',
        cadence: 'PT2S',
        overlap: t.overlap,
        project: 'docugen-zd',
        apiTargets: ['places.googleapis.com'],
      },
    },
    {
      ...base(IDS.storageKey, aws(IDS.storageKey)),
      rotation: {
        kind: 'aws-iam-access-key',
        strategy: 'two-key',
        cadence: 'PT2S',
        overlap: t.overlap,
        userName: IAM_USER,
      },
    },
    {
      ...base(IDS.webhookSecret, aws(IDS.webhookSecret)),
      rotation: {
        kind: 'random-secret',
        strategy: t.webhookStrategy,
        length: 40,
        charset: 'base64url',
        cadence: 'PT2S',
        overlap: t.overlap,
      },
    },
  ];
}
