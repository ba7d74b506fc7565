import { join, relative } from 'node:path';
import type { Clock } from '@docugen-secrets/core';
import { EXIT, type Command, type CommandContext } from '../command.js';
import {
  auditLogPath,
  checkPort,
  cliRunPorts,
  localGitHubAlertsPort,
  localSopsPublisher,
  parseSimulatedFailure,
  SIMULATED_STEPS,
} from '../compose/index.js';
import { exitCodesHelp } from '../exit-codes.js';
import { nowFrom, parseCommandArgs } from '../usage.js';
import { startReportText } from './start-report.js';

const HELP = `Usage: docugen-secrets start [paths...] [--now ISO] [--simulate-failure SECRET:STEP]

The local daily job, on the embedded local default (no AWS, no GitHub, no
network):
  1. check every manifest (stops with exit 1 on errors);
  2. plan: which secrets are due, expiring, in progress;
  3. rotate what is due against local backends: an embedded Secrets Manager,
     local emulators of Google API Keys + Places, IAM + STS and Cloud Storage
     HMAC keys, and a local git repository (.local/sops-repo) for SOPS files,
     committed once per run and pushed to a local bare remote
     (.local/sops-remote.git): the report lists the commits that landed;
     then sync on-call alerts (one issue per expiring, overdue, expired,
     failed or manual secret, escalated and closed as "alerts sync" does)
     into an embedded local GitHub server (.local/github.json);
  4. verify the hash chain of the audit log (.local/audit.jsonl);
then print a value-free report, with the issues opened, escalated, updated
and closed. Run it again and nothing is due until a cadence runs out. All
state lives in .local/: delete it to start over.

Options:
  --now ISO     run as of this time (default: now), e.g. 100 days ahead to
                see rotations, and a few days more to see retirements
  --simulate-failure SECRET:STEP
                make this run's rotation of SECRET fail at STEP (one of
                ${SIMULATED_STEPS.join(', ')}), acting on the local stores and
                emulators only: a rotation-failed issue opens naming the step;
                the next run without the flag resumes and closes it
  -h, --help    show this help

Paths default to secrets-manifests/.
${exitCodesHelp('manifest errors, a failed rotation or an audit chain that does not verify')}
`;

const failedKinds: ReadonlySet<string> = new Set(['error', 'failed']);

const OPTIONS = { now: { type: 'string' }, 'simulate-failure': { type: 'string' } } as const;

/** The run's clock: `at` now, moving on in step with the real clock. */
function clockAt(base: Clock, at: Date): Clock {
  const offset = at.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  const job: CommandContext =
    values.now === undefined ? ctx : { ...ctx, clock: clockAt(ctx.clock, nowFrom(ctx, values.now)) };
  const paths = positionals.length > 0 ? positionals : ['secrets-manifests'];
  const spec = values['simulate-failure'];
  const simulateFailure = spec === undefined ? undefined : parseSimulatedFailure(spec);
  job.stdout.write(
    `== docugen-secrets start: the local daily job (local default, no network) ==\n== 1/4 check ${paths.join(' ')} ==\n`,
  );
  const auditPath = auditLogPath(job, undefined);
  const { run: runJob, runFailed } = await import('@docugen-secrets/runner');
  const github = join(job.cwd, '.local', 'github.json');
  const publisher = await localSopsPublisher(job, join(job.cwd, '.local'));
  const ports = await cliRunPorts(job, {
    paths,
    auditPath,
    flags: { forceLocal: true, sopsCommits: 'publisher' },
    publisher,
    check: checkPort(job, paths),
    alerts: localGitHubAlertsPort(job, github),
    ...(simulateFailure ? { simulateFailure } : {}),
  });
  const report = await runJob({ command: 'rotate', trigger: 'local', concurrency: 4 }, ports);
  if (report.check === 'findings' || report.check === 'usage') {
    job.stderr.write('docugen-secrets start: stopped: the manifests have errors; fix them (see above) and run again\n');
    return report.check === 'usage' ? EXIT.USAGE : EXIT.FINDINGS;
  }
  const audit = { path: relative(job.cwd, auditPath), verification: report.audit };
  const { now, before, after, results, alerts } = report;
  const notes = [
    ...report.notes,
    ...(simulateFailure && !results.some((r) => r.secretId === simulateFailure.secretId && failedKinds.has(r.kind))
      ? [`simulated failure not reached: ${simulateFailure.secretId} had no ${simulateFailure.step} step this run`]
      : []),
    `local GitHub issues ${relative(job.cwd, github)}`,
    `audit log ${audit.path}`,
  ];
  const published = report.published
    ? { outcome: report.published, remote: publisher.remote, landed: publisher.landed() }
    : undefined;
  const text = startReportText({
    now,
    before,
    after,
    results,
    notes,
    audit,
    ...(alerts ? { alerts } : {}),
    ...(published ? { published } : {}),
  });
  job.stdout.write(`\n${text}`);
  return runFailed(report) ? EXIT.FINDINGS : EXIT.OK;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the local daily job: check → plan → rotate → alerts → verify audit (embedded local default)',
  help: HELP,
  longRunning: true,
  run,
};
