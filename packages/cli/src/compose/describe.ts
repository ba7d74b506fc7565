import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretDescription } from '@docugen-secrets/secret-store';
import type { RotationBackends } from './backends.js';

/** Every secret's store description (metadata only), through the runner's one implementation. */
export async function describeAll(
  backends: RotationBackends,
  manifests: readonly SecretManifest[],
): Promise<Map<string, SecretDescription>> {
  const { describeAll: describe } = await import('@docugen-secrets/runner');
  return describe(backends.store, manifests);
}
