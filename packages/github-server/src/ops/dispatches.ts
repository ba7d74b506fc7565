import type { OpContext, OpResult } from '../context.js';
import { GitHubApiError, validationFailed } from '../errors.js';
import type { DispatchRecord, RepoRecord } from '../model.js';
import { bodyOf, charCount, invalidField, optString, repoOf } from './input.js';
import { findRef } from './refs.js';

type Rec = Record<string, unknown>;

/** GitHub's limits: event_type ≤ 100 characters, client_payload ≤ 10 top-level keys, workflow inputs ≤ 25. */
export const MAX_EVENT_TYPE = 100;
export const MAX_CLIENT_PAYLOAD_KEYS = 10;
export const MAX_WORKFLOW_INPUTS = 25;
/** "The total size of the JSON payload must be less than 64KB." */
const MAX_PAYLOAD_BYTES = 64 * 1024;

function optObject(body: Rec, field: string, maxKeys: number): Rec {
  const v = body[field];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidField(field, `${JSON.stringify(v)} is not an object`);
  if (Object.keys(v).length > maxKeys) throw invalidField(field, `must have at most ${maxKeys} properties`);
  return v as Rec;
}

function record(repo: RepoRecord, dispatch: DispatchRecord): void {
  repo.dispatches = [...(repo.dispatches ?? []), dispatch];
}

/** POST /repos/{owner}/{repo}/dispatches (repos/create-dispatch-event): 204, the event is recorded. */
export function createDispatchEvent(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const body = bodyOf(ctx);
  const eventType = optString(body, 'event_type');
  if (eventType === undefined || eventType === '')
    throw validationFailed({ resource: 'Repository', field: 'event_type', code: 'missing_field' });
  if (charCount(eventType) > MAX_EVENT_TYPE)
    throw invalidField('event_type', 'is too long (maximum is 100 characters)');
  const clientPayload = optObject(body, 'client_payload', MAX_CLIENT_PAYLOAD_KEYS);
  if (Buffer.byteLength(JSON.stringify(clientPayload)) >= MAX_PAYLOAD_BYTES)
    throw invalidField('client_payload', 'must be less than 64KB');
  record(repo, { kind: 'repository_dispatch', eventType, clientPayload, createdMs: ctx.nowMs, sender: ctx.login });
  return { status: 204 };
}

/** A branch or tag name (or a full ref) that exists in the repository, as GitHub resolves `ref`. */
function resolveRef(repo: RepoRecord, ref: string): string | undefined {
  const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
  return candidates.find((c) => findRef(repo, c) !== undefined);
}

/**
 * POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches
 * (actions/create-workflow-dispatch): 204, recorded. The fake keeps no
 * workflow files, so any workflow id is taken as one with a
 * `workflow_dispatch` trigger; an unknown ref is GitHub's 422.
 */
export function createWorkflowDispatch(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const body = bodyOf(ctx);
  const ref = optString(body, 'ref');
  if (ref === undefined || ref === '')
    throw validationFailed({ resource: 'Workflow', field: 'ref', code: 'missing_field' });
  const full = resolveRef(repo, ref);
  if (full === undefined) throw new GitHubApiError('GH_VALIDATION_FAILED', 422, `No ref found for: ${ref}`);
  const inputs = optObject(body, 'inputs', MAX_WORKFLOW_INPUTS);
  const workflowId = ctx.params['workflow_id'] ?? '';
  record(repo, { kind: 'workflow_dispatch', workflowId, ref: full, inputs, createdMs: ctx.nowMs, sender: ctx.login });
  return { status: 204 };
}
