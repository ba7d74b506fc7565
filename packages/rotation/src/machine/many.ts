import { describeError, isDocugenError } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { failedStepOf } from './context.js';
import { rotateSecret } from './rotate.js';
import type { RotateOptions, RotationDeps, RotationResult } from './types.js';

export interface RotateManyOptions extends RotateOptions {
  /** Secrets rotated at the same time. Store calls are rate-limited by the stores, not here. Default 8. */
  readonly concurrency?: number;
}

async function one(deps: RotationDeps, manifest: SecretManifest, opts: RotateOptions): Promise<RotationResult> {
  try {
    return await rotateSecret(deps, manifest, opts);
  } catch (err) {
    const failedStep = failedStepOf(err);
    deps.logger.error('rotation step failed; the next run resumes', {
      secretId: manifest.id,
      error: describeError(err),
    });
    return {
      secretId: manifest.id,
      kind: 'error',
      reason: describeError(err),
      steps: [],
      emergency: opts.emergency !== undefined,
      errorCode: isDocugenError(err) ? err.code : 'UNEXPECTED',
      ...(failedStep === undefined ? {} : { failedStep }),
    };
  }
}

/**
 * Rotates many secrets with bounded concurrency. One secret's failure never
 * stops the others: it becomes an `error` result (value-free) and the next
 * run resumes it. Results are in input order.
 */
export async function rotateMany(
  deps: RotationDeps,
  manifests: readonly SecretManifest[],
  opts: RotateManyOptions = {},
): Promise<RotationResult[]> {
  const results = new Array<RotationResult>(manifests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < manifests.length) {
      const i = next++;
      const m = manifests[i];
      if (m) results[i] = await one(deps, m, opts);
    }
  };
  const width = Math.max(1, Math.min(opts.concurrency ?? 8, manifests.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
