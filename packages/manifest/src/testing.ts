/**
 * @packageDocumentation
 * `@docugen-secrets/manifest/testing` — builders of valid manifests for other
 * packages' tests (the shape of secrets-manifests/*.yaml, no value). Kept out
 * of the main entry: production code never builds a manifest by hand, and
 * test-support cannot depend on this package (manifest's own tests use it).
 */
import { nodeFs, type ManifestFs } from './files.js';
import type { Rotation, SecretManifest } from './types.js';

/** Overrides of a test manifest; `rotation`, `backend`, `consumers`, `expiry` replace the defaults whole. */
export type ManifestPatch = Partial<SecretManifest>;

/** A random-secret rotation (alternating, 32 base64url characters, P30D, overlap P1D) with `over` applied. */
export function testRandomRotation(over: Partial<Extract<Rotation, { kind: 'random-secret' }>> = {}): Rotation {
  return {
    kind: 'random-secret',
    strategy: 'alternating',
    length: 32,
    charset: 'base64url',
    cadence: 'P30D',
    overlap: 'P1D',
    ...over,
  };
}

/**
 * A valid production manifest `id`: owned by platform, one live-client
 * consumer, AWS Secrets Manager `test/<id>` in eu-west-1, a random secret
 * rotated every 30 days; `patch` overrides any field.
 */
export function testManifest(id: string, patch: ManifestPatch = {}): SecretManifest {
  return {
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: `test secret ${id}`,
    environment: 'production',
    owner: { team: 'platform', handles: ['@someone'] },
    oncall: { team: '@docugen/oncall' },
    classification: 'high',
    consumers: [{ service: 'api', reload: { kind: 'live-client', refreshInterval: 'PT5M' } }],
    backend: { kind: 'aws-secrets-manager', name: `test/${id}`, region: 'eu-west-1' },
    rotation: testRandomRotation(),
    expiry: { maxAge: 'P45D', warnBefore: ['P7D', 'P1D'] },
    runbook: `docs/runbooks/${id}.md`,
    ...patch,
  };
}

/** `inner` (the real file system by default) recording every path read, in order, in `reads`. */
export function countingFs(inner: ManifestFs = nodeFs): ManifestFs & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    kind: (p) => inner.kind(p),
    list: (p) => inner.list(p),
    read: (p, limit) => {
      reads.push(p);
      return inner.read(p, limit);
    },
  };
}
