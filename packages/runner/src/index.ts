export { run, changedSops } from './run.js';
export { describeAll } from './describe.js';
export type { RunCommand, RunConfig, RunTrigger } from './config.js';
export { type RunReport, rotatedIds, failedIds, runFailed } from './report.js';
export type {
  AlertsInput,
  AlertsPort,
  AlertsSummary,
  AuditPort,
  ChangedSecret,
  CheckOutcome,
  PublishOutcome,
  PublishRequest,
  Publisher,
  RunBackends,
  RunPorts,
  RunRestarts,
  ValueObserver,
} from './ports.js';
export { RevealingStore, revealingRotators, valueEncodings, type WriteHook } from './reveal.js';
export { commitMessage, pullRequestBody } from './commit-message.js';
