import { FixedClock, repoRoot } from '@docugen-secrets/test-support';
import { main } from '../src/index.js';

export { repoRoot };

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; stop?: Promise<void> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd: opts.cwd ?? repoRoot,
    env: opts.env ?? {},
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: (t) => (stderr += t) },
    clock: new FixedClock('2026-11-29T12:00:00Z'),
    isTTY: false,
    stopSignal: opts.stop ?? new Promise(() => undefined),
  });
  return { code, stdout, stderr };
}
