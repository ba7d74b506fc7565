import { systemClock } from '@docugen-secrets/core';
import { main } from './main.js';
import { processSecretInput } from './secret-input.js';
import { exitStatus, openSignalGate } from './signals.js';

// The process edge: the only place that reads process.* and sets the exit status.

/** How long a server or a rotation may take to stop after the first SIGINT/SIGTERM. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs the CLI on this process's argv, streams and signals, and sets
 * `process.exitCode`. Shared by the ES-module bundle (`bin.ts`) and the
 * single-file scripts of the commands with a code cache (tools/bundle-cli.mjs),
 * which cannot use top-level await.
 */
export async function runProcess(): Promise<void> {
  // The AWS SDK warns on every run under Node 20 that future releases need Node 22;
  // the pinned SDK works, so keep the CLI's stderr for the user's own problems.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const signals = openSignalGate(process, {
    graceMs: STOP_GRACE_MS,
    notify: (message) => process.stderr.write(`docugen-secrets: ${message}\n`),
  });
  const code = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: {
      write: (t) => {
        process.stdout.write(t);
      },
    },
    stderr: {
      write: (t) => {
        process.stderr.write(t);
      },
    },
    clock: systemClock,
    isTTY: process.stdout.isTTY,
    stopSignal: signals.stopSignal,
    holdSignals: signals.hold,
    secretInput: processSecretInput(process.stdin, process.stderr),
  });
  signals.dispose();
  process.exitCode = exitStatus(code, signals.received());
}
