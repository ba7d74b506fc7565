import type { AlertsPort } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';
import { openAlertPorts } from './alerts-backend.js';
import { syncingAlertsPort } from './alerts-port.js';

/** The repository the local issues live in (the project's own, so runbook links resolve). */
export const LOCAL_GITHUB_REPO = 'docugen/docugen-secrets';
/** The embedded server's only accepted token: not a credential, it guards nothing but a local test server. */
const LOCAL_TOKEN = 'docugen-local-github';

/**
 * The alerts port of `start`: every sync starts the embedded local GitHub
 * REST server (packages/github-server) on an ephemeral 127.0.0.1 port with
 * its state in `statePath`, so reruns find the same issues, syncs through
 * the real Octokit client, then stops it. Only local things are touched:
 * the environment's GitHub variables (a real token, a real API URL) are
 * never read. The server's clock is the job's, so `--now` dates the issues.
 */
export function localGitHubAlertsPort(ctx: CommandContext, statePath: string): AlertsPort {
  return syncingAlertsPort(async () => {
    const { startGitHubServer } = await import('@docugen-secrets/github-server');
    const server = await startGitHubServer({
      statePath,
      repos: [LOCAL_GITHUB_REPO],
      token: LOCAL_TOKEN,
      clock: ctx.clock,
    });
    try {
      // A fixed web URL: links in issue bodies must not change with the ephemeral port (a rerun would rewrite them).
      const env = { GITHUB_TOKEN: LOCAL_TOKEN, GITHUB_SERVER_URL: 'https://github.com' };
      const ports = await openAlertPorts({ ...ctx, env }, { repo: LOCAL_GITHUB_REPO, apiUrl: server.url, local: true });
      return { ...ports, close: () => server.close() };
    } catch (err) {
      await server.close();
      throw err;
    }
  });
}
