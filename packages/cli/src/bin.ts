#!/usr/bin/env node
import { systemClock } from '@docugen-secrets/core';
import { main } from './main.js';

// The process edge: the only place that reads process.* and exits.

// The AWS SDK warns on every run under Node 20 that future releases need Node 22;
// the pinned SDK works, so keep the CLI's stderr for the user's own problems.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => {
    resolve();
  });
  process.once('SIGTERM', () => {
    resolve();
  });
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
  stopSignal,
});
process.exitCode = code;
// Commands that hold the process open (servers) resolve only after stopSignal.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
