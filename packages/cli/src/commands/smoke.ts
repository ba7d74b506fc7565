import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { escapeTerminal, writeFileAtomic } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { RotationResult } from '@docugen-secrets/rotation';
import type * as Smoke from '@docugen-secrets/smoke';
import type { SmokeReport, SmokeContext } from '@docugen-secrets/smoke';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { auditLogPath, loadValidManifests, openSmokeBackends } from '../compose/index.js';
import { exitCodesHelp } from '../exit-codes.js';
import { nowFrom, oneOf, parseCommandArgs, usageError } from '../usage.js';

const HELP = `Usage: docugen-secrets smoke --env local|staging [paths...] [options]

Rotates the smoke canary (a manifest marked smoke: true; no other secret is
ever touched) end to end through the real rotation engine and store —
create → set → test → finish → retire — while a consumer (the secret client,
reading the same store as a service does) watches it. Checks:
  - the consumer observes the new version within its refresh interval
    (plus jitter);
  - the old value is still accepted (client.matches) during the overlap;
  - the previous version is retired after the overlap, and the consumer
    keeps working (and no longer accepts the old value).
Time is simulated: the overlap, refresh interval and retire time pass on a
simulated clock, never slept; every store and client call is real.

Options:
  --env ENV          local: the embedded local default (like start, state in
                     .local/); staging: AWS through the default credential chain
                     (the OIDC role in Actions) — says so when credentials or the
                     region are missing
  --secret ID        the canary to rotate (default: the one manifest marked smoke)
  --format FORMAT    text (default), json or markdown (a job summary)
  --summary FILE     also append the markdown report to FILE ("$GITHUB_STEP_SUMMARY")
  --outcomes FILE    also write the canary's outcome in the "rotate --outcomes"
                     shape: a failed smoke test is a rotation failure of the
                     canary ("alerts sync --outcomes FILE" opens rotation-failed)
  --region REGION    staging: the AWS region (default AWS_REGION)
  --audit-log FILE   the audit trail (default .local/audit.jsonl)
  --now ISO          start the simulated clock at this time (default: now)
  -h, --help         show this help

Paths default to secrets-manifests/. The report never holds a value.
${exitCodesHelp('a smoke check failed')}
`;

const OPTIONS = {
  env: { type: 'string' },
  secret: { type: 'string' },
  format: { type: 'string' },
  summary: { type: 'string' },
  outcomes: { type: 'string' },
  region: { type: 'string' },
  'audit-log': { type: 'string' },
  now: { type: 'string' },
} as const;

/** The canary: --secret, or the only manifest marked smoke. Marking is checked again by runSmoke. */
function pickCanary(manifests: readonly SecretManifest[], id: string | undefined): SecretManifest {
  if (id !== undefined) {
    const m = manifests.find((x) => x.id === id);
    if (!m) throw usageError(`--secret ${id}: no valid manifest has this id`);
    return m;
  }
  const marked = manifests.filter((m) => m.smoke === true);
  if (marked.length === 1 && marked[0]) return marked[0];
  if (marked.length === 0)
    throw usageError('no manifest is marked smoke: true; add a canary manifest (see docs/runbooks/smoke.md)');
  throw usageError(
    `several manifests are marked smoke: true (${marked.map((m) => m.id).join(', ')}); pick one with --secret`,
  );
}

function render(
  format: 'text' | 'json' | 'markdown',
  report: SmokeReport,
  sctx: SmokeContext,
  s: typeof Smoke,
): string {
  switch (format) {
    case 'text':
      // Line by line: details may carry provider error names, the line breaks are ours.
      return s
        .smokeText(report, sctx)
        .split('\n')
        .map((line) => escapeTerminal(line))
        .join('\n');
    case 'json':
      return s.smokeJson(report, sctx);
    case 'markdown':
      return s.smokeMarkdown(report, sctx);
  }
}

/** The smoke test as one rotation result of the canary: failed checks make it an error at the first failed check. */
function asRotationResult(report: SmokeReport): RotationResult {
  const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
  if (report.ok)
    return { secretId: report.secretId, kind: 'rotated', reason: 'smoke test passed', steps: [], emergency: false };
  const reason = `smoke test failed: ${failed.length > 0 ? failed.join(', ') : 'not every check ran'}`;
  return {
    secretId: report.secretId,
    kind: 'error',
    reason,
    steps: [],
    emergency: false,
    errorCode: 'SMOKE_CHECK_FAILED',
  };
}

async function writeOutcomes(ctx: CommandContext, file: string, report: SmokeReport): Promise<void> {
  const { outcomesOf, runInfoFromEnv } = await import('@docugen-secrets/alerts');
  const outcomes = outcomesOf([asRotationResult(report)], ctx.clock.now(), runInfoFromEnv(ctx.env));
  await writeFileAtomic(resolve(ctx.cwd, file), `${JSON.stringify({ version: 1, smoke: true, outcomes }, null, 2)}\n`);
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  if (values.env === undefined) throw usageError('smoke needs --env local or --env staging');
  const env = oneOf('env', values.env, ['local', 'staging'], 'local');
  const format = oneOf('format', values.format, ['text', 'json', 'markdown'], 'text');
  const start = nowFrom(ctx, values.now);
  const { manifests } = await loadValidManifests(ctx, positionals);
  const canary = pickCanary(manifests, values.secret);
  const smoke = await import('@docugen-secrets/smoke');
  smoke.assertCanary(canary);
  const time = new smoke.SimulatedTime(start);
  const auditPath = auditLogPath(ctx, values['audit-log']);
  const backends = await openSmokeBackends(ctx, canary, { env, region: values.region, time, auditPath });
  let report: SmokeReport;
  try {
    report = await smoke.runSmoke(canary, backends.ports);
  } finally {
    await backends.close();
  }
  const sctx = { env, notes: backends.notes };
  ctx.stdout.write(render(format, report, sctx, smoke));
  if (values.outcomes !== undefined) await writeOutcomes(ctx, values.outcomes, report);
  if (values.summary !== undefined)
    await appendFile(resolve(ctx.cwd, values.summary), smoke.smokeMarkdown(report, sctx));
  return report.ok ? EXIT.OK : EXIT.FINDINGS;
}

export const smokeCommand: Command = {
  name: 'smoke',
  summary: 'Smoke test: rotate the canary end to end while a secret client watches it (--env local|staging)',
  help: HELP,
  longRunning: true,
  run,
};
