import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '@docugen-secrets/test-support';

export { repoRoot };
export const manifestsDir = join(repoRoot, 'secrets-manifests');

/** A valid manifest text to mutate in tests (the webhook secret). */
export function validText(): string {
  return readFileSync(join(manifestsDir, 'webhook-hmac-secret.yaml'), 'utf8');
}
