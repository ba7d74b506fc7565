import { resolve } from 'node:path';
import { parseFaultSpec, startGitHubServer } from '@docugen-secrets/github-server';
import type { CommandContext } from '../command.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { faultsOf, serveUntilStopped, stderrLogger, wholeNumber } from './serve-lifecycle.js';

const OPTIONS = {
  port: { type: 'string' },
  state: { type: 'string' },
  repo: { type: 'string', multiple: true },
  token: { type: 'string' },
  collaborator: { type: 'string', multiple: true },
  'rate-limit': { type: 'string' },
  'content-limit': { type: 'boolean' },
  'git-dir': { type: 'string', multiple: true },
  fault: { type: 'string', multiple: true },
  validate: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

function gitDirsOf(ctx: CommandContext, specs: readonly string[] | undefined): Record<string, string> | undefined {
  if (specs === undefined) return undefined;
  return Object.fromEntries(
    specs.map((spec) => {
      const m = /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)=(.+)$/.exec(spec);
      if (!m?.[1] || !m[2]) throw usageError(`--git-dir must be OWNER/NAME=DIR (got "${spec}")`);
      return [m[1], resolve(ctx.cwd, m[2])];
    }),
  );
}

/** `serve github`: argv is what follows the service name. */
export async function serveGitHub(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0] ?? ''}"`);
  const port = wholeNumber('port', values.port, 65_535);
  if (port === undefined) throw usageError('--port is required (0 picks any free port)');
  const limit = wholeNumber('rate-limit', values['rate-limit'], 1_000_000_000);
  for (const slug of values.repo ?? []) {
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(slug)) throw usageError(`--repo must be OWNER/NAME (got "${slug}")`);
  }
  const faults = faultsOf(values.fault, parseFaultSpec, 'GH_SERVER_FAULT_SPEC');
  const gitDirs = gitDirsOf(ctx, values['git-dir']);
  const server = await startGitHubServer({
    port,
    ...(values.state === undefined ? {} : { statePath: resolve(ctx.cwd, values.state) }),
    ...(values.repo === undefined ? {} : { repos: values.repo }),
    ...(values.token === undefined ? {} : { token: values.token }),
    ...(values.collaborator === undefined ? {} : { collaborators: values.collaborator }),
    ...(limit === undefined ? {} : { rateLimit: { limit } }),
    ...(values['content-limit'] === true ? { contentLimit: true } : {}),
    ...(gitDirs === undefined ? {} : { gitDirs }),
    ...(values.validate === true
      ? {
          validate: true,
          onViolation: (v) => {
            ctx.stderr.write(`[openapi] ${v.kind} ${v.operationId}: ${v.problems.join('; ')}\n`);
          },
        }
      : {}),
    ...(values.verbose === true ? { logger: stderrLogger(ctx.stderr) } : {}),
  });
  const repos = (values.repo ?? ['docugen/secrets']).join(', ');
  return serveUntilStopped(ctx, server, {
    faults,
    banner: `github listening on ${server.url} (repos ${repos})\nGITHUB_API_URL=${server.url}\n`,
    stopFailure: 'docugen-secrets serve github: stop failed',
  });
}
