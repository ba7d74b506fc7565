import { resolve } from 'node:path';
import { escapeTerminal } from '@docugen-secrets/core';
import type { RunConfig, RunPorts, RunReport } from '@docugen-secrets/runner';
import { actionContext, runFiles, runUrlOf, type ActionProcess } from './context.js';
import type { ActionCore } from './core-port.js';
import { reportError, reportFailures } from './failures.js';
import { readInputs, triggerOf, type ActionInputs } from './inputs.js';
import { maskingObserver } from './mask.js';
import { writeOutputs } from './outputs.js';
import { missingLedgerWarning, restartLedgerOption } from './restart-ledger.js';
import { readShardResults, withShardResults } from './shard-reports.js';
import { summaryMarkdown } from './summary.js';

function configOf(inputs: ActionInputs, env: ActionProcess['env']): RunConfig {
  const runUrl = runUrlOf(env);
  return {
    command: inputs.command,
    trigger: triggerOf(env['GITHUB_EVENT_NAME'], inputs),
    dryRun: inputs.dryRun,
    ...(inputs.secrets.length > 0 ? { secrets: inputs.secrets } : {}),
    ...(inputs.emergency ? { emergency: inputs.emergency } : {}),
    ...(inputs.shard ? { shard: inputs.shard } : {}),
    ...(inputs.shards === undefined ? {} : { shards: inputs.shards }),
    ...(runUrl === undefined ? {} : { runUrl }),
  };
}

/**
 * The CI ports: the CLI composition root's ports for the daily job (the
 * same stores, providers, git and audit log as `npm start`, chosen by the
 * environment: the AWS SDK default credential chain in Actions), plus the
 * masking value observer. The manifest check prints workflow annotations.
 * `alerts` syncs GitHub issues (and incident sinks) with the plan and every
 * shard's results (the `outcomes` folder of downloaded reports); `rotate`
 * leaves alerting to the workflow's alerts job (`issues: write` only there).
 */
async function actionPorts(core: ActionCore, proc: ActionProcess, inputs: ActionInputs): Promise<RunPorts> {
  const { cliRunPorts, checkPort, githubAlertsPort, ciPublisher } = await import('@docugen-secrets/cli/compose');
  const ctx = actionContext(proc, inputs);
  const endpoint = ctx.env['AWS_ENDPOINT_URL_SECRETS_MANAGER'];
  const ports = await cliRunPorts(ctx, {
    paths: inputs.manifests,
    auditPath: runFiles(ctx, inputs).audit,
    flags: {
      sopsRepo: inputs.sopsRepo,
      // rotate: the store only writes; the publisher makes the run's one commit (as github-actions[bot]).
      ...(inputs.command === 'rotate' ? { sopsCommits: 'publisher' as const } : {}),
      ...(inputs.awsRegion === undefined ? {} : { region: inputs.awsRegion }),
      ...(endpoint === undefined || endpoint === '' ? {} : { awsEndpoint: endpoint }),
    },
    check: checkPort(ctx, inputs.manifests, ['--format', 'github']),
    ...(await restartLedgerOption(ctx, inputs)),
  });
  const values = maskingObserver(core);
  if (inputs.command === 'rotate') {
    const branch = ctx.env['GITHUB_REF_NAME'] ?? 'main';
    const publisher = await ciPublisher(ctx, { mode: inputs.commitMode, root: inputs.sopsRepo, branch });
    return { ...ports, values, publisher };
  }
  if (inputs.command !== 'alerts') return { ...ports, values };
  const flags = inputs.eventsUrl === undefined ? {} : { eventsUrl: inputs.eventsUrl };
  const shards =
    inputs.outcomes === undefined ? [] : await readShardResults(resolve(ctx.cwd, inputs.outcomes), ctx.cwd);
  return { ...ports, values, alerts: withShardResults(await githubAlertsPort(ctx, flags), shards) };
}

async function finish(core: ActionCore, proc: ActionProcess, inputs: ActionInputs, report: RunReport): Promise<void> {
  const { runFailed } = await import('@docugen-secrets/runner');
  const files = runFiles(actionContext(proc, inputs), inputs);
  await writeOutputs(core, report, files.report);
  const reason = inputs.emergency?.reason;
  await core.appendSummary(summaryMarkdown(report, reason === undefined ? {} : { emergencyReason: reason }));
  for (const line of report.alerts?.notDone ?? []) core.warning(escapeTerminal(`alert not synced: ${line}`));
  const ledger = missingLedgerWarning(report, inputs);
  if (ledger !== undefined) core.warning(escapeTerminal(ledger));
  if (runFailed(report)) reportFailures(core, report);
}

/**
 * The action: read inputs → build the ports → `run(config, ports)` (the same
 * function `npm start` calls) → outputs, job summary, and one failed step on
 * failure. Never throws: every failure becomes `setFailed`.
 */
export async function runAction(core: ActionCore, proc: ActionProcess): Promise<void> {
  try {
    const token = core.getInput('github-token');
    if (token !== '') core.setSecret(token);
    const inputs = readInputs((name) => core.getInput(name));
    const { run } = await import('@docugen-secrets/runner');
    const report = await run(configOf(inputs, proc.env), await actionPorts(core, proc, inputs));
    await finish(core, proc, inputs, report);
  } catch (err) {
    reportError(core, err);
  }
}
