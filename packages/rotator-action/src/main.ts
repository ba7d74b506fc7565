// The action's process edge: the only file that reads process.* and talks to @actions/core.
import * as core from '@actions/core';
import { systemClock } from '@docugen-secrets/core';
import { runAction } from './action.js';
import type { ActionCore } from './core-port.js';

// The AWS SDK's Node-version notice is noise in a workflow log.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const actionsCore: ActionCore = {
  getInput: (name) => core.getInput(name),
  setSecret: (value) => {
    core.setSecret(value);
  },
  setOutput: (name, value) => {
    core.setOutput(name, value);
  },
  info: (message) => {
    core.info(message);
  },
  warning: (message, props) => {
    core.warning(message, props);
  },
  error: (message, props) => {
    core.error(message, props);
  },
  setFailed: (message) => {
    core.setFailed(message);
  },
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown).write();
  },
};

// The runner cancels a job with SIGINT, then SIGTERM: rotations stop at their next checkpoint.
const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => {
    resolve();
  });
  process.once('SIGTERM', () => {
    resolve();
  });
});

await runAction(actionsCore, {
  env: process.env,
  cwd: process.cwd(),
  clock: systemClock,
  stdout: { write: (t) => void process.stdout.write(t) },
  stderr: { write: (t) => void process.stderr.write(t) },
  stopSignal,
});
// Servers and clients are closed by the run; leave nothing pending on the cancel signal.
process.exit();
