import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { RestartTriggers } from '@docugen-secrets/rotation';
import type { RunRestarts } from '@docugen-secrets/runner';
import type { CommandContext } from '../command.js';

/** The env var holding the restart webhooks' shared HMAC key (never a flag: flags end up in shell history). */
export const RESTART_WEBHOOK_SECRET_ENV = 'DOCUGEN_RESTART_WEBHOOK_SECRET';
/** A token for the deploy repositories' dispatches when GITHUB_TOKEN cannot reach them. */
export const DEPLOY_TOKEN_ENV = 'DOCUGEN_DEPLOY_GITHUB_TOKEN';
/** The embedded server's only accepted token: not a credential, it guards nothing but a local test server. */
const LOCAL_TOKEN = 'docugen-local-github';

/** The deploy repositories the manifests' dispatch triggers name. */
function deployRepos(manifests: readonly SecretManifest[]): string[] {
  const repos = manifests.flatMap((m) =>
    m.consumers.flatMap((c) =>
      c.reload.kind === 'rolling-restart' && c.reload.trigger && c.reload.trigger.kind !== 'webhook'
        ? [c.reload.trigger.repository]
        : [],
    ),
  );
  return [...new Set(repos)].sort();
}

/**
 * Reload hooks of a local run (`start`): dispatches go to the embedded GitHub
 * server (its state in `.local/github-deploy.json`, one repository per deploy
 * repository named in the manifests) through the real Octokit client, and
 * webhooks to a local receiver that verifies their HMAC with a key made for
 * this run; the ledger is `ledgerPath` (default `.local/restarts.json`). No network, no real token.
 */
export async function localRestarts(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  ledgerPath: string = join(ctx.cwd, '.local', 'restarts.json'),
): Promise<RunRestarts> {
  const { startGitHubServer } = await import('@docugen-secrets/github-server');
  const { createGitHubClient } = await import('@docugen-secrets/github-client');
  const hooks = await import('@docugen-secrets/reload-hooks');
  const dir = join(ctx.cwd, '.local');
  const repos = deployRepos(manifests);
  const server = await startGitHubServer({
    statePath: join(dir, 'github-deploy.json'),
    repos: repos.length > 0 ? repos : ['docugen/deploy'],
    token: LOCAL_TOKEN,
    clock: ctx.clock,
  });
  const key = randomBytes(32).toString('base64url');
  const receiver = await hooks.startRestartReceiver({ secret: key, clock: ctx.clock }).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  const client = createGitHubClient({
    apiUrl: server.url,
    token: LOCAL_TOKEN,
    msPerRetrySecond: 10,
    writeSpacingMs: 0,
    notificationSpacingMs: 0,
  });
  const dispatch = hooks.githubDispatchTrigger(client);
  const webhook = hooks.webhookTrigger({
    secret: key,
    clock: ctx.clock,
    fetch,
    endpoint: (r) => `${receiver.url}/${encodeURIComponent(r.service)}`,
  });
  const ledger = new hooks.JsonFileRestartLedger(ledgerPath);
  return {
    triggers: { 'repository-dispatch': dispatch, 'workflow-dispatch': dispatch, webhook },
    ledger,
    notes: [
      `restarts: dispatches to the embedded GitHub server (.local/github-deploy.json), webhooks to a local HMAC-verifying receiver; ledger ${relative(ctx.cwd, ledgerPath)}`,
    ],
    close: async () => {
      await receiver.close();
      await server.close();
    },
  };
}

/**
 * Reload hooks of a real run: dispatches through Octokit with
 * DOCUGEN_DEPLOY_GITHUB_TOKEN (else GITHUB_TOKEN) and GITHUB_API_URL;
 * webhooks signed with DOCUGEN_RESTART_WEBHOOK_SECRET. A kind whose
 * credential is missing has no adapter: its restarts are reported
 * `unavailable` and the previous versions kept.
 */
export async function realRestarts(ctx: CommandContext, ledgerPath: string): Promise<RunRestarts> {
  const hooks = await import('@docugen-secrets/reload-hooks');
  const triggers: { -readonly [K in keyof RestartTriggers]: RestartTriggers[K] } = {};
  const notes: string[] = [];
  const token = ctx.env[DEPLOY_TOKEN_ENV] ?? ctx.env['GITHUB_TOKEN'];
  if (token !== undefined && token !== '') {
    const { createGitHubClient } = await import('@docugen-secrets/github-client');
    const dispatch = hooks.githubDispatchTrigger(createGitHubClient({ env: ctx.env, token }));
    triggers['repository-dispatch'] = dispatch;
    triggers['workflow-dispatch'] = dispatch;
  } else notes.push(`restarts: no ${DEPLOY_TOKEN_ENV} or GITHUB_TOKEN; GitHub dispatch restarts are not sent`);
  const key = ctx.env[RESTART_WEBHOOK_SECRET_ENV];
  if (key !== undefined && key !== '')
    triggers.webhook = hooks.webhookTrigger({ secret: key, clock: ctx.clock, fetch });
  else notes.push(`restarts: no ${RESTART_WEBHOOK_SECRET_ENV}; webhook restarts are not sent`);
  notes.push(`restarts: ledger ${ledgerPath}`);
  return { triggers, ledger: new hooks.JsonFileRestartLedger(ledgerPath), notes, close: () => Promise.resolve() };
}

/**
 * Reload hooks of `rotate` (and `rotate --manual`), as the daily job has them:
 * a local run restarts through the embedded servers (`localRestarts`); a real
 * run sends restarts only with a restart ledger (`--restart-ledger FILE`: it
 * remembers what was sent, so a re-run never restarts twice nor retires
 * early); without one its restarts are reported `unavailable` and audited, and
 * the previous versions kept.
 */
export async function commandRestarts(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  mode: 'local' | 'aws',
  ledgerPath: string | undefined,
): Promise<RunRestarts | undefined> {
  if (mode === 'aws') return ledgerPath === undefined ? undefined : realRestarts(ctx, ledgerPath);
  const { restartTargets } = await import('@docugen-secrets/rotation');
  // No consumer to restart: no embedded servers to start.
  return manifests.some((m) => restartTargets(m).length > 0) ? localRestarts(ctx, manifests, ledgerPath) : undefined;
}
