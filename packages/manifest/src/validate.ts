import type { ErrorObject } from 'ajv';
import { validate as generated } from './generated/validate-manifest.generated.js';
import type { SecretManifest } from './types.js';

interface ValidateFn {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The schema compiled ahead of time (scripts/generate-validator.mjs): no ajv
 * compile at start-up. Returns the ajv errors, or none when `data` is a valid manifest.
 */
export function validateManifestData(
  data: unknown,
): { ok: true; manifest: SecretManifest } | { ok: false; errors: readonly ErrorObject[] } {
  const fn = generated as ValidateFn;
  if (fn(data)) return { ok: true, manifest: data as SecretManifest };
  return { ok: false, errors: fn.errors ?? [] };
}
