import { isDocugenError } from '@docugen-secrets/core';
import type { GitHubClient } from '@docugen-secrets/github-client';
import type { RestartRequest, RestartTrigger } from '@docugen-secrets/rotation';
import { reloadError } from './errors.js';
import { restartPayload, workflowInputs } from './payload.js';

/** The `repository_dispatch` event type when the manifest names none. */
export const DEFAULT_EVENT_TYPE = 'docugen-secret-rotated';
/** The ref a `workflow_dispatch` runs on when the manifest names none. */
export const DEFAULT_WORKFLOW_REF = 'main';

function split(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

function statusOf(err: unknown): number | undefined {
  const s = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof s === 'number' ? s : undefined;
}

async function send(request: RestartRequest, client: GitHubClient): Promise<void> {
  const t = request.trigger;
  switch (t.kind) {
    case 'repository-dispatch':
      await client.rest.repos.createDispatchEvent({
        ...split(t.repository),
        event_type: t.eventType ?? DEFAULT_EVENT_TYPE,
        client_payload: restartPayload(request),
      });
      return;
    case 'workflow-dispatch':
      await client.rest.actions.createWorkflowDispatch({
        ...split(t.repository),
        workflow_id: t.workflow,
        ref: t.ref ?? DEFAULT_WORKFLOW_REF,
        inputs: workflowInputs(request),
      });
      return;
    case 'webhook':
      throw reloadError(
        'RELOAD_DISPATCH_FAILED',
        `service ${request.service}: a webhook trigger is not a GitHub dispatch`,
      );
  }
}

/**
 * Restarts a consumer through its deploy repository on GitHub: a
 * `repository_dispatch` (event type, payload in `client_payload`) or a
 * `workflow_dispatch` of the restart workflow (payload as string inputs),
 * with the project's Octokit (retries, throttling). The deploy workflow
 * should skip a `deliveryId` it has already handled: a crash between the
 * send and its record resends the same one. Failures are value-free coded
 * errors naming the repository and status.
 */
export function githubDispatchTrigger(client: GitHubClient): RestartTrigger {
  return {
    async trigger(request) {
      try {
        await send(request, client);
      } catch (err) {
        if (isDocugenError(err)) throw err;
        const t = request.trigger;
        const where = t.kind === 'webhook' ? 'webhook' : t.repository;
        const status = statusOf(err);
        throw reloadError(
          'RELOAD_DISPATCH_FAILED',
          `restart of ${request.service} (secret ${request.secretId}): ${t.kind} to ${where} failed (HTTP ${status ?? 'no answer'}); check the token's contents/actions write permission on that repository`,
          { service: request.service, status: status ?? 0 },
          err,
        );
      }
    },
  };
}
