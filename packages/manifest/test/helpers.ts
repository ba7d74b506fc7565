import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../../..');
export const manifestsDir = join(repoRoot, 'secrets-manifests');

/** A valid manifest text to mutate in tests (the webhook secret). */
export function validText(): string {
  return readFileSync(join(manifestsDir, 'webhook-hmac-secret.yaml'), 'utf8');
}
