/**
 * Reload-hook adapters for the rotation engine's `RestartTrigger` and
 * `RestartLedger` ports: GitHub `repository_dispatch` / `workflow_dispatch`
 * through Octokit, an HMAC-signed webhook, the JSON-file ledger, and a
 * verifying local receiver. Built only in the CLI's composition root.
 */
export { type ReloadHooksErrorCode, type ReloadHooksError } from './errors.js';
export { PAYLOAD_VERSION, restartPayload } from './payload.js';
export { githubDispatchTrigger, DEFAULT_EVENT_TYPE, DEFAULT_WORKFLOW_REF } from './github-dispatch.js';
export { webhookTrigger, type WebhookTriggerOptions } from './webhook.js';
export {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DELIVERY_HEADER,
  DEFAULT_TOLERANCE_SEC,
  restartSignature,
  verifyRestartSignature,
  type SignatureCheck,
} from './signature.js';
export { JsonFileRestartLedger, LEDGER_FORMAT, LEDGER_VERSION } from './file-ledger.js';
export {
  startRestartReceiver,
  type ReceivedRestart,
  type RestartReceiverOptions,
  type RunningRestartReceiver,
} from './receiver.js';
