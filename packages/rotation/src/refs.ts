import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretRef, SecretTarget } from '@docugen-secrets/secret-store';

/** The store target a manifest's backend names. */
export function targetOf(manifest: SecretManifest): SecretTarget {
  const b = manifest.backend;
  switch (b.kind) {
    case 'aws-secrets-manager':
      return {
        kind: 'aws-secrets-manager',
        name: b.name,
        region: b.region,
        ...(b.kmsKeyId === undefined ? {} : { kmsKeyId: b.kmsKeyId }),
      };
    case 'sops':
      return { kind: 'sops', path: b.path };
  }
}

/** The store reference of a manifest's secret (its id travels into audit events and errors). */
export function secretRef(manifest: SecretManifest): SecretRef {
  return { id: manifest.id, target: targetOf(manifest) };
}
