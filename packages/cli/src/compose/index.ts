/**
 * The CLI's composition root: the only place real adapters are built (stores,
 * provider clients, git repositories, the audit log, the runner's ports).
 * Commands parse flags, call these, and format what comes back.
 */
export {
  openBackends,
  loadValidManifests,
  modeOf,
  realAwsConfigured,
  type BackendFlags,
  type RotationBackends,
} from './backends.js';
export { auditLogPath, rotateOnBackends, signalCheckpoint } from './rotate.js';
export { commandRestarts } from './restarts.js';
export { cliRunPorts, type CliRunOptions } from './run-ports.js';
export { checkPort } from './check.js';
export type { CommandContext, Output } from '../command.js';
export { alertsSummaryOf, syncingAlertsPort, type OpenedAlertPorts } from './alerts-port.js';
export { localGitHubAlertsPort, LOCAL_GITHUB_REPO } from './local-github.js';
export { githubAlertsPort } from './github-alerts.js';
export { ciPublisher, type CiPublisherOptions } from './ci-publisher.js';
export type { AlertFlags } from './alerts-backend.js';
export { localSopsPublisher, type LandedCommit, type LocalPublisher } from './local-publisher.js';
export {
  parseSimulatedFailure,
  SIMULATED_STEPS,
  type SimulatedFailure,
  type SimulatedStep,
} from './simulate-failure.js';
export { readAuditTrail, readPolicies, readSopsHistory } from './report-sources.js';
export { detectDriftOn, type DriftFlags } from './drift-backends.js';
export { openSmokeBackends, type SmokeBackends, type SmokeEnv } from './smoke.js';
