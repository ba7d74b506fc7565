import type { Clock } from '@docugen-secrets/core';
import { FixedClock, repoRoot } from '@docugen-secrets/test-support';
import { main } from '../src/index.js';

export { repoRoot };

/** Runs the CLI in-process with captured output (clock: fixed at 2026-11-29T12:00:00Z unless given). */
export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; stop?: Promise<void>; clock?: Clock } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd: opts.cwd ?? repoRoot,
    env: opts.env ?? {},
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: opts.clock ?? new FixedClock('2026-11-29T12:00:00Z'),
    isTTY: false,
    stopSignal: opts.stop ?? new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}
