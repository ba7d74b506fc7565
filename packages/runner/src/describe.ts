import type { SecretManifest } from '@docugen-secrets/manifest';
import type { StoreResolver } from '@docugen-secrets/rotation';
import type { SecretDescription } from '@docugen-secrets/secret-store';

/**
 * Every secret's store description (metadata, never a value). A store that
 * cannot be read leaves its secret out, which the planner reports "unknown".
 */
export async function describeAll(
  store: StoreResolver,
  manifests: readonly SecretManifest[],
): Promise<Map<string, SecretDescription>> {
  const { secretRef } = await import('@docugen-secrets/rotation');
  const descriptions = new Map<string, SecretDescription>();
  for (const m of manifests) {
    const ref = secretRef(m);
    const desc = await store(ref)
      ?.describe(ref)
      .catch(() => undefined);
    if (desc) descriptions.set(m.id, desc);
  }
  return descriptions;
}
