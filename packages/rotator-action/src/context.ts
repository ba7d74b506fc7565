import { join, resolve } from 'node:path';
import type { Clock } from '@docugen-secrets/core';
import type { CommandContext, Output } from '@docugen-secrets/cli/compose';
import type { ActionInputs } from './inputs.js';

/** What the entrypoint hands the action of its process: the only place env and streams are read. */
export interface ActionProcess {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: Clock;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Resolves on the runner's cancel signal: rotations stop at their next checkpoint. */
  readonly stopSignal: Promise<void>;
}

/** The run's clock: `at` now (the `now` input, tests only), moving on with the real clock. */
function clockAt(base: Clock, at: Date | undefined): Clock {
  if (at === undefined) return base;
  const offset = at.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

/**
 * The CLI composition root's context for a run inside Actions: the workspace
 * as working directory, the token and region inputs exported to the adapters'
 * environment (GITHUB_TOKEN, AWS_REGION), never a terminal.
 */
export function actionContext(proc: ActionProcess, inputs: ActionInputs): CommandContext {
  const env = {
    ...proc.env,
    ...(inputs.githubToken === undefined ? {} : { GITHUB_TOKEN: inputs.githubToken }),
    ...(inputs.awsRegion === undefined ? {} : { AWS_REGION: inputs.awsRegion }),
  };
  return {
    argv: [],
    cwd: proc.env['GITHUB_WORKSPACE'] ?? proc.cwd,
    env,
    stdout: proc.stdout,
    stderr: proc.stderr,
    clock: clockAt(proc.clock, inputs.now),
    isTTY: false,
    stopSignal: proc.stopSignal,
  };
}

/** Where the run's files go: RUNNER_TEMP (a fresh folder per job), else the workspace's `.local/`. */
export function runFiles(ctx: CommandContext, inputs: ActionInputs): { audit: string; report: string } {
  const temp = ctx.env['RUNNER_TEMP'];
  const dir = temp === undefined || temp === '' ? join(ctx.cwd, '.local') : join(temp, 'docugen-secrets');
  const shard = inputs.shard === undefined ? '' : `-shard-${inputs.shard.index}`;
  return {
    audit: inputs.auditLog === undefined ? join(dir, 'audit.jsonl') : resolve(ctx.cwd, inputs.auditLog),
    report: join(dir, `report-${inputs.command}${shard}.json`),
  };
}

/** The run's URL for commit messages and reports, from the runner's variables. */
export function runUrlOf(env: ActionProcess['env']): string | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repo = env['GITHUB_REPOSITORY'];
  const id = env['GITHUB_RUN_ID'];
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}
