import type { Rotation, SecretManifest } from '@docugen-secrets/manifest';
import { testManifest, testRandomRotation } from '@docugen-secrets/manifest/testing';
import type { SecretDescription, VersionInfo } from '@docugen-secrets/secret-store';

type Patch = Partial<Omit<SecretManifest, 'rotation'>> & { rotation?: Rotation };

/** A valid manifest (shape of secrets-manifests/*.yaml) with a memory-friendly backend. */
export function manifest(id: string, rotation: Rotation, patch: Patch = {}): SecretManifest {
  return testManifest(id, { rotation, ...patch });
}

export const randomRotation = (over: Partial<Extract<Rotation, { kind: 'random-secret' }>> = {}): Rotation =>
  testRandomRotation({ emergencyOverlap: 'PT1H', ...over });

export const signingRotation = (over: Partial<Extract<Rotation, { kind: 'signing-key-pair' }>> = {}): Rotation => ({
  kind: 'signing-key-pair',
  strategy: 'signing-key',
  algorithm: 'Ed25519',
  cadence: 'P30D',
  publishDelay: 'PT1H',
  maxTokenLifetime: 'P7D',
  verifierCacheTtl: 'PT1H',
  overlap: 'P1D',
  emergencyOverlap: 'PT2H',
  ...over,
});

export const iamRotation = (over: Partial<Extract<Rotation, { kind: 'aws-iam-access-key' }>> = {}): Rotation => ({
  kind: 'aws-iam-access-key',
  strategy: 'two-key',
  cadence: 'P30D',
  overlap: 'P1D',
  emergencyOverlap: 'PT2H',
  userName: 'docugen-test',
  ...over,
});

export const manualRotation: Rotation = {
  kind: 'manual',
  strategy: 'manual',
  cadence: 'P90D',
  procedure: 'docs/runbooks/x.md#rotation',
};

export const at = (iso: string): Date => new Date(iso);

export function version(
  versionId: string,
  stage: VersionInfo['stages'][number] | undefined,
  createdAt: string,
  flags: { failed?: boolean; retired?: boolean } = {},
): VersionInfo {
  return { versionId, stages: stage ? [stage] : [], createdAt: at(createdAt), ...flags };
}

/** A store description as a store would return it (plain data for the pure planner). */
export function described(
  id: string,
  lastRotatedAt: string,
  versions: VersionInfo[] = [version('v1', 'current', lastRotatedAt)],
): SecretDescription {
  return {
    ref: { id, target: { kind: 'memory', name: id } },
    exists: true,
    createdAt: at('2020-01-01T00:00:00Z'),
    lastRotatedAt: at(lastRotatedAt),
    tags: {},
    versions,
  };
}

export function missing(id: string): SecretDescription {
  return { ref: { id, target: { kind: 'memory', name: id } }, exists: false, tags: {}, versions: [] };
}
