import type { AlertsPort } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';
import { openAlertPorts, type AlertFlags } from './alerts-backend.js';
import { syncingAlertsPort } from './alerts-port.js';

/**
 * The alerts port of a CI run (the rotator action's `alerts` command): the
 * GitHub tracker on the project's Octokit with GITHUB_TOKEN / GITHUB_API_URL
 * / GITHUB_REPOSITORY from the context's environment, the incident sinks
 * `flags` ask for, and the run's attempt and URL on failure outcomes.
 */
export async function githubAlertsPort(ctx: CommandContext, flags: AlertFlags = {}): Promise<AlertsPort> {
  const { runInfoFromEnv } = await import('@docugen-secrets/alerts');
  return syncingAlertsPort(
    async () => ({ ...(await openAlertPorts(ctx, flags)), close: () => Promise.resolve() }),
    runInfoFromEnv(ctx.env),
  );
}
