import type { AuditEvent } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { DriftManifest, SopsFileFacts, VaultSecret } from '../src/index.js';

export const NOW = new Date('2027-03-01T00:00:00Z');
export const DAY = 86_400_000;
export const ago = (days: number): Date => new Date(NOW.getTime() - days * DAY);

export function manifest(
  id: string,
  backend: SecretManifest['backend'],
  rotation: Partial<SecretManifest['rotation']> = {},
): DriftManifest {
  const m: SecretManifest = {
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: 'test secret',
    environment: 'production',
    owner: { team: 'platform', handles: ['@a'] },
    oncall: { team: '@docugen/oncall' },
    classification: 'high',
    consumers: [{ service: 'svc', reload: { kind: 'live-client', refreshInterval: 'PT5M' } }],
    backend,
    rotation: {
      kind: 'random-secret',
      strategy: 'alternating',
      length: 32,
      charset: 'alphanumeric',
      cadence: 'P30D',
      overlap: 'P7D',
      ...rotation,
    } as SecretManifest['rotation'],
    expiry: { warnBefore: ['P7D'] },
    runbook: 'docs/runbooks/x.md',
  };
  return { manifest: m, file: `secrets-manifests/${id}.yaml` };
}

export const awsBackend = (name: string): SecretManifest['backend'] => ({
  kind: 'aws-secrets-manager',
  name,
  region: 'eu-west-1',
  kmsKeyId: 'alias/docugen-secrets',
});

export function vaultSecret(
  id: string,
  name: string,
  versions: Record<string, string[]>,
  extra: Partial<VaultSecret> = {},
): VaultSecret {
  return {
    name,
    region: 'eu-west-1',
    kmsKeyId: 'alias/docugen-secrets',
    tags: { 'docugen-secrets/id': id, 'docugen-secrets/owner': 'platform' },
    createdAtMs: ago(60).getTime(),
    lastChangedAtMs: ago(40).getTime(),
    versions,
    ...extra,
  };
}

export function event(
  secretId: string,
  action: string,
  versionId: string,
  at: Date,
  extra: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    at: at.toISOString(),
    actor: { kind: 'local', user: 'test' },
    action,
    secretId,
    versionId,
    outcome: 'success',
    ...extra,
  };
}

export function sopsFile(
  id: string,
  path: string,
  versions: SopsFileFacts['versions'],
  extra: Partial<SopsFileFacts> = {},
): SopsFileFacts {
  return {
    path,
    displayPath: `.local/sops-repo/${path}`,
    managed: true,
    id,
    tags: {},
    versions,
    recipients: ['age1aaa'],
    expectedRecipients: ['age1aaa'],
    expectedFrom: "the store's age key",
    lastCommit: 'c1',
    rotatedAt: ago(40),
    ...extra,
  };
}
