import type { RestartRequest } from '@docugen-secrets/rotation';

/** Format version of the restart payload (webhook body, dispatch client_payload, workflow inputs). */
export const PAYLOAD_VERSION = 1;

/**
 * What a receiver is told: which deployment to restart for which secret
 * version, and the delivery id to deduplicate on. Ids only — the restarted
 * service reads the value itself. Ten keys at most: GitHub's limit for a
 * `client_payload`.
 */
export function restartPayload(r: RestartRequest): Record<string, string | number | boolean> {
  return {
    version: PAYLOAD_VERSION,
    secretId: r.secretId,
    versionId: r.versionId,
    service: r.service,
    deployment: r.deployment,
    deliveryId: r.deliveryId,
    emergency: r.emergency,
  };
}

/** `workflow_dispatch` inputs are strings in the workflow (booleans and numbers are sent as text). */
export function workflowInputs(r: RestartRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(restartPayload(r)).map(([k, v]) => [k, String(v)]));
}
