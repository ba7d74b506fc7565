import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { SyncReport } from '@docugen-secrets/alerts';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { openAlertPorts, PAGERDUTY_KEY_ENV, WEBHOOK_SECRET_ENV } from '../compose/alerts-backend.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';
import { loadValidManifests, openBackends } from '../compose/index.js';
import { describeAll } from '../compose/describe.js';
import { nowFrom } from '../usage.js';

const HELP = `Usage: docugen-secrets alerts sync [paths...] [options]

Keeps one GitHub issue per (secret, problem) in step with the secrets: opens
issues for secrets that are expiring (inside a warnBefore window), overdue,
expired, whose last rotation failed, that need a manual rotation, or that
drifted; escalates them (one comment, a severity label) when a window or an
on-call escalation delay is crossed; closes them when the problem is gone and
reopens them when it returns. Issues are found by their label secret-alert and
a hidden marker, never by searching. A sync with no change writes nothing.
Optionally sends each change to incident tooling. Never prints or writes a
secret value.

Options:
  --manifests DIR      manifests (default secrets-manifests/; paths also work)
  --now ISO            as of this time (default: now), as in "plan"
  --outcomes FILE      the last rotation's outcomes ("rotate --json" output);
                       without it, rotation-failed issues are left as they are
  --drift FILE         drift findings ("drift --output FILE": {"findings":
                       [{secretId,code,message,...}]}); a secret no manifest
                       declares (secretId orphan:<backend>:<location>) gets
                       its own drift issue (orphan-<location>-<hash>);
                       without it, drift issues are left as they are
  --repo OWNER/NAME    repository of the issues (default GITHUB_REPOSITORY)
  --api-url URL        GitHub REST API (default GITHUB_API_URL, then
                       https://api.github.com; GHES: https://HOST/api/v3);
                       the token comes from GITHUB_TOKEN
  --events-url URL     send PagerDuty Events API v2 events (trigger on open and
                       escalation, resolve on close) with the routing key from
                       ${PAGERDUTY_KEY_ENV}; e.g. https://events.pagerduty.com/v2/enqueue
  --webhook-url URL    post the same events as JSON signed with HMAC-SHA256
                       (header x-docugen-signature-256) with ${WEBHOOK_SECRET_ENV}
  --format FMT         text (default), json, markdown (for a job summary)
  --aws-endpoint URL   Secrets Manager endpoint to plan against (as in "plan")
  --region REGION      default AWS region
  --sops-repo PATH     read SOPS files from this git checkout
  -h, --help           show this help

Undelivered incident events are reported and do not change the exit code. A
sync that runs out of GitHub rate-limit budget stops cleanly, reports what it
did not do and exits 3; the next run finishes it.
${exitCodesHelp('some manifests are invalid or a store could not be read')}
`;

const OPTIONS = {
  manifests: { type: 'string', multiple: true },
  now: { type: 'string' },
  outcomes: { type: 'string' },
  drift: { type: 'string' },
  repo: { type: 'string' },
  'api-url': { type: 'string' },
  'events-url': { type: 'string' },
  'webhook-url': { type: 'string' },
  format: { type: 'string' },
  'aws-endpoint': { type: 'string' },
  region: { type: 'string' },
  'sops-repo': { type: 'string' },
} as const;

async function readInput(ctx: CommandContext, flag: string, file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch {
    throw usageError(`--${flag}: cannot read ${file}`);
  }
}

function formatted(
  report: SyncReport,
  format: 'text' | 'json' | 'markdown',
  fmt: { readonly syncReportText: (r: SyncReport) => string; readonly syncReportMarkdown: (r: SyncReport) => string },
): string {
  if (format === 'json') return `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`;
  return format === 'markdown' ? fmt.syncReportMarkdown(report) : fmt.syncReportText(report);
}

async function sync(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  const format = oneOf('format', values.format, ['text', 'json', 'markdown'] as const, 'text');
  const now = nowFrom(ctx, values.now);
  const alerts = await import('@docugen-secrets/alerts');
  const outcomesText = await readInput(ctx, 'outcomes', values.outcomes);
  const driftText = await readInput(ctx, 'drift', values.drift);
  const outcomes = outcomesText === undefined ? undefined : alerts.parseOutcomes(outcomesText, values.outcomes);
  const drift = driftText === undefined ? undefined : alerts.parseDrift(driftText, values.drift);
  const ports = await openAlertPorts(ctx, {
    repo: values.repo,
    apiUrl: values['api-url'],
    eventsUrl: values['events-url'],
    webhookUrl: values['webhook-url'],
  });
  const { plan } = await import('@docugen-secrets/rotation');
  const { manifests, invalid } = await loadValidManifests(ctx, [...(values.manifests ?? []), ...positionals]);
  const backends = await openBackends(ctx, manifests, {
    awsEndpoint: values['aws-endpoint'],
    region: values.region,
    sopsRepo: values['sops-repo'],
  });
  let descriptions: Awaited<ReturnType<typeof describeAll>>;
  try {
    descriptions = await describeAll(backends, manifests);
  } finally {
    await backends.close();
  }
  const entries = plan(manifests, descriptions, now);
  const input = {
    manifests,
    plan: entries,
    now,
    source: ports.source,
    links: ports.links,
    ...(outcomes ? { outcomes } : {}),
    ...(drift ? { drift } : {}),
  };
  const report = await alerts.syncAlerts(input, { tracker: ports.tracker, events: ports.events });
  ctx.stdout.write(formatted(report, format, alerts));
  for (const file of invalid)
    ctx.stderr.write(
      `docugen-secrets alerts: ${file} is not a valid manifest and was left out (run "docugen-secrets check ${file}")\n`,
    );
  if (report.notDone.length > 0) {
    throw new DocugenError(
      'ALERTS_INCOMPLETE',
      `${report.notDone.length} alert change(s) not done${report.stoppedBy ? ` (${report.stoppedBy})` : ''}; the next sync finishes them`,
    );
  }
  return invalid.length > 0 || entries.some((e) => e.status === 'unknown') ? EXIT.FINDINGS : EXIT.OK;
}

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === 'sync') return sync(ctx, rest);
  throw usageError(
    sub === undefined
      ? 'alerts needs a subcommand: alerts sync'
      : `unknown alerts subcommand "${sub}" (expected: sync)`,
  );
}

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'Sync on-call alerts (GitHub issues, incident events) with the secrets',
  help: HELP,
  run,
};
