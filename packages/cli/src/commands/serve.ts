import { resolve } from 'node:path';
import { parseFaultSpec, startSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import type { Command, CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { GITHUB_HELP } from './serve-github-help.js';
import { faultsOf, serveUntilStopped, stderrLogger, wholeNumber } from './serve-lifecycle.js';

const HELP = `Usage: docugen-secrets serve secrets-manager --port N [options]

Runs a local AWS Secrets Manager (JSON 1.1 protocol) for tests, local runs and
manual checks, until interrupted (Ctrl-C / SIGTERM). Point any AWS SDK or the
AWS CLI at the printed endpoint with any credentials, e.g.
  aws --endpoint-url http://127.0.0.1:4566 secretsmanager list-secrets

Operations: CreateSecret, DescribeSecret, GetSecretValue, PutSecretValue,
UpdateSecret, UpdateSecretVersionStage, ListSecretVersionIds, ListSecrets,
TagResource, UntagResource, DeleteSecret, RestoreSecret.

Options:
  --port N                 Port to listen on (0 = any free port). Required.
  --host ADDR              Address to listen on (default 127.0.0.1).
  --region REGION          Region in ARNs (default us-east-1).
  --state FILE             Load secrets from FILE at start, save them after each
                           write and on exit. The file holds secret VALUES in
                           clear text: it is written with mode 0600, and is for
                           local development data only.
  --fault SPEC             Inject a fault (repeatable):
                             <Operation|*>:<kind>[:times=N][:ms=N]
                           kinds: throttle, internal-error, latency,
                           drop-after-write, drop-before
                           e.g. PutSecretValue:drop-after-write:times=1
                                '*:latency:ms=200'
  --write-quota-tps N      Enforce a request quota per write-operation group
                           (AWS: 50); past it, answer ThrottlingException.
  --read-quota-tps N       The same for read-operation groups.
  --verbose                Log each request (operation, secret id, status) to
                           stderr; never a secret value.
  -h, --help               Show this help.

Prints "secrets-manager listening on <endpoint> (region <region>)" once ready.
${exitCodesHelp('saving the state on exit failed')}
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  region: { type: 'string' },
  state: { type: 'string' },
  fault: { type: 'string', multiple: true },
  'write-quota-tps': { type: 'string' },
  'read-quota-tps': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

async function serveSecretsManager(
  ctx: CommandContext,
  values: ReturnType<typeof parseServeArgs>['values'],
): Promise<number> {
  const port = wholeNumber('port', values.port, 65_535);
  if (port === undefined) throw usageError('--port is required (0 picks any free port)');
  const writeQuotaTps = wholeNumber('write-quota-tps', values['write-quota-tps'], 1_000_000);
  const readQuotaTps = wholeNumber('read-quota-tps', values['read-quota-tps'], 1_000_000);
  const faults = faultsOf(values.fault, parseFaultSpec, 'SM_SERVER_FAULT_SPEC');
  const server = await startSecretsManagerServer({
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.state === undefined ? {} : { statePath: resolve(ctx.cwd, values.state) }),
    ...(writeQuotaTps === undefined ? {} : { writeQuotaTps }),
    ...(readQuotaTps === undefined ? {} : { readQuotaTps }),
    ...(values.verbose === true ? { logger: stderrLogger(ctx.stderr) } : {}),
  });
  return serveUntilStopped(ctx, server, {
    faults,
    banner: `secrets-manager listening on ${server.endpoint} (region ${server.region})\n`,
    stopFailure: 'docugen-secrets serve: stopped, but saving state failed',
  });
}

function parseServeArgs(argv: readonly string[]) {
  return parseCommandArgs(argv, OPTIONS);
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run a local AWS Secrets Manager or GitHub API for tests and local runs',
  help: `${HELP}\n${GITHUB_HELP}`,
  longRunning: true,
  async run(ctx) {
    if (ctx.argv[0] === 'github') return (await import('./serve-github.js')).serveGitHub(ctx, ctx.argv.slice(1));
    const { values, positionals } = parseServeArgs(ctx.argv);
    const [service, ...extra] = positionals;
    if (service !== 'secrets-manager' || extra.length > 0)
      throw usageError('expected exactly one service to serve: secrets-manager or github');
    return serveSecretsManager(ctx, values);
  },
};
