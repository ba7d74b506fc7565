import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Clock } from '@docugen-secrets/core';
import type { PlanEntry, RotationResult } from '@docugen-secrets/rotation';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { parseCommandArgs } from '../usage.js';
import { checkCommand } from './check.js';
import { loadValidManifests, nowFrom, openBackends } from './rotation-backends.js';
import { auditLogPath, describeAll, rotateOnBackends } from './rotation-run.js';
import { startReportText, type StartReport } from './start-report.js';

const HELP = `Usage: docugen-secrets start [paths...] [--now ISO]

The local daily job, on the embedded local default (no AWS, no GitHub, no
network):
  1. check every manifest (stops with exit 1 on errors);
  2. plan: which secrets are due, expiring, in progress;
  3. rotate what is due against local backends: an embedded Secrets Manager,
     local emulators of Google API Keys + Places, IAM + STS and Cloud Storage
     HMAC keys, and a local git repository (.local/sops-repo) for SOPS files;
  4. verify the hash chain of the audit log (.local/audit.jsonl);
then print a value-free report. Run it again and nothing is due until a
cadence runs out. All state lives in .local/: delete it to start over.

Options:
  --now ISO     run as of this time (default: now), e.g. 100 days ahead to
                see rotations, and a few days more to see retirements
  -h, --help    show this help

Paths default to secrets-manifests/.
${exitCodesHelp('manifest errors, a failed rotation or an audit chain that does not verify')}
`;

const OPTIONS = { now: { type: 'string' } } as const;

/** The run's clock: `at` now, moving on in step with the real clock. */
function clockAt(base: Clock, at: Date): Clock {
  const offset = at.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

async function verifyAudit(path: string): Promise<StartReport['audit']['verification']> {
  const { verifyAuditLog } = await import('@docugen-secrets/audit');
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  });
  return text === undefined ? undefined : verifyAuditLog(text);
}

interface JobOutcome {
  readonly before: PlanEntry[];
  readonly after: PlanEntry[];
  readonly results: RotationResult[];
  readonly notes: readonly string[];
}

/** Plan → rotate the due secrets → plan again, on the local backends. */
async function planAndRotate(ctx: CommandContext, paths: readonly string[], auditPath: string): Promise<JobOutcome> {
  const { plan, needsWork } = await import('@docugen-secrets/rotation');
  const { manifests } = await loadValidManifests(ctx, paths);
  const backends = await openBackends(ctx, manifests, { forceLocal: true, rotators: true });
  try {
    const before = plan(manifests, await describeAll(backends, manifests), ctx.clock.now());
    const due = new Set(before.filter(needsWork).map((e) => e.secretId));
    const results = await rotateOnBackends(
      ctx,
      backends,
      manifests.filter((m) => due.has(m.id)),
      auditPath,
      { concurrency: 4 },
    );
    const after = plan(manifests, await describeAll(backends, manifests), ctx.clock.now());
    return { before, after, results, notes: backends.notes };
  } finally {
    await backends.close();
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  const job: CommandContext =
    values.now === undefined ? ctx : { ...ctx, clock: clockAt(ctx.clock, nowFrom(ctx, values.now)) };
  const paths = positionals.length > 0 ? positionals : ['secrets-manifests'];
  const now = job.clock.now();
  job.stdout.write(
    `== docugen-secrets start: the local daily job (local default, no network) ==\n== 1/4 check ${paths.join(' ')} ==\n`,
  );
  const checked = await checkCommand.run({ ...job, argv: paths });
  if (checked !== EXIT.OK) {
    job.stderr.write('docugen-secrets start: stopped: the manifests have errors; fix them (see above) and run again\n');
    return checked === EXIT.USAGE ? EXIT.USAGE : EXIT.FINDINGS;
  }
  const auditPath = auditLogPath(job, undefined);
  const outcome = await planAndRotate(job, paths, auditPath);
  const verification = await verifyAudit(auditPath);
  const notes = [...outcome.notes, `audit log ${relative(job.cwd, auditPath)}`];
  job.stdout.write(
    `\n${startReportText({ now, ...outcome, notes, audit: { path: relative(job.cwd, auditPath), verification } })}`,
  );
  const failed =
    outcome.results.some((r) => r.kind === 'failed' || r.kind === 'error') ||
    outcome.before.some((e) => e.status === 'unknown');
  return failed || verification?.ok === false ? EXIT.FINDINGS : EXIT.OK;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the local daily job: check → plan → rotate → verify audit (embedded local default)',
  help: HELP,
  longRunning: true,
  run,
};
