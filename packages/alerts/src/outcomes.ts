import type { RotationResult } from '@docugen-secrets/rotation';
import { sanitizeCode, sanitizeMessage } from './sanitize.js';
import type { RotationOutcome } from './types.js';

/** The run a rotation happened in (Actions: GITHUB_RUN_ATTEMPT and the run's URL). */
export interface RunInfo {
  readonly attempt?: number;
  readonly url?: string;
}

/** The reason without a leading `CODE: ` (the code is its own field; the sanitizer would redact it as token-like). */
function withoutCode(reason: string, code: string | undefined): string {
  return code !== undefined && reason.startsWith(`${code}: `) ? reason.slice(code.length + 2) : reason;
}

/**
 * The outcomes file `rotate --json` writes, from a run's results: per
 * secret its result kind, the failed step (`test` for a failed test), the
 * error code and a sanitized message — never a value or a raw provider body.
 */
export function outcomesOf(results: readonly RotationResult[], at: Date, run: RunInfo = {}): RotationOutcome[] {
  return results.map((r) => {
    const failed = r.kind === 'failed' || r.kind === 'error';
    const step = r.kind === 'failed' ? 'test' : r.failedStep;
    const code = sanitizeCode(r.errorCode ?? (r.kind === 'failed' ? 'ROTATION_TEST_FAILED' : undefined));
    return {
      secretId: r.secretId,
      result: r.kind,
      at: at.toISOString(),
      ...(failed && step !== undefined ? { failedStep: step } : {}),
      ...(failed && code !== undefined ? { errorCode: code } : {}),
      ...(failed ? { message: sanitizeMessage(withoutCode(r.reason, r.errorCode)) } : {}),
      ...(failed && run.attempt !== undefined ? { attempt: run.attempt } : {}),
      ...(failed && run.url !== undefined ? { runUrl: run.url } : {}),
    };
  });
}

/** The run info Actions provides in its environment (undefined parts outside Actions). */
export function runInfoFromEnv(env: Readonly<Record<string, string | undefined>>): RunInfo {
  const attempt = Number(env['GITHUB_RUN_ATTEMPT']);
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return {
    ...(Number.isInteger(attempt) && attempt > 0 ? { attempt } : {}),
    ...(server && repo && id ? { url: `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}` } : {}),
  };
}
