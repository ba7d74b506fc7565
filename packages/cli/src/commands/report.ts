import { relative, resolve } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import type { ReportInput } from '@docugen-secrets/report';
import { EXIT, type Command, type CommandContext } from '../command.js';
import {
  auditLogPath,
  loadValidManifests,
  openBackends,
  readAuditTrail,
  readPolicies,
  readSopsHistory,
} from '../compose/index.js';
import { exitCodesHelp } from '../exit-codes.js';
import { readUserFile } from '../files.js';
import { nowFrom, oneOf, parseCommandArgs } from '../usage.js';

const HELP = `Usage: docugen-secrets report [paths...] [options]

The compliance report an auditor or a security lead is sent: per secret the
age of its current value, the last rotation and who or what did it
(scheduled, emergency, manual), rotations in the last 12 months, the
consumer restarts they triggered (reload hooks), days overdue, the policy
maximum (NFR5), waivers in force and their expiry, and open alerts. Read from the audit trail, the stores' version metadata, the
SOPS repository's git history, the manifests and policies/. Read-only;
never a value.

Options:
  --format F           markdown (default; fits a job summary), csv, json or
                       html (one self-contained page with charts)
  --output FILE        write the report to FILE instead of standard output
  --now ISO            report as of this time (default: now)
  --audit-log FILE     the audit trail (default: .local/audit.jsonl)
  --alerts FILE        open alerts, JSON {"alerts":[{"secretId","kind","id"?,"url"?}]}
                       (default: open alerts are reported as not known)
  --policies DIR       policy config and waivers (default: policies)
  --aws-endpoint URL   Secrets Manager endpoint (default: the embedded local
                       server, or AWS when AWS credentials are configured)
  --region REGION      default AWS region
  --sops-repo PATH     the git checkout of the SOPS files (default: the local
                       repository .local/sops-repo)
  -h, --help           show this help

Paths default to secrets-manifests/.
${exitCodesHelp('the audit trail does not verify, a manifest is invalid or a store could not be read (the report is still written)')}
`;

const OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string' },
  now: { type: 'string' },
  'audit-log': { type: 'string' },
  alerts: { type: 'string' },
  policies: { type: 'string' },
  'aws-endpoint': { type: 'string' },
  region: { type: 'string' },
  'sops-repo': { type: 'string' },
} as const;

const FORMATS = ['markdown', 'csv', 'json', 'html'] as const;
type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** Reads every source of the report; adapters come from the composition root (rotation-backends, backends/). */
async function gather(
  ctx: CommandContext,
  values: Values,
  paths: readonly string[],
  now: Date,
): Promise<{ input: ReportInput; invalid: string[] }> {
  const { manifests, invalid } = await loadValidManifests(ctx, paths);
  const backends = await openBackends(ctx, manifests, {
    awsEndpoint: values['aws-endpoint'],
    region: values.region,
    sopsRepo: values['sops-repo'],
  });
  const { describeAll } = await import('@docugen-secrets/runner');
  let descriptions: Awaited<ReturnType<typeof describeAll>>;
  try {
    descriptions = await describeAll(backends.store, manifests);
  } finally {
    await backends.close();
  }
  const sources = [...backends.notes];
  const auditPath = auditLogPath(ctx, values['audit-log']);
  const audit = await readAuditTrail(auditPath);
  sources.push(
    audit === undefined
      ? `audit log ${relative(ctx.cwd, auditPath)}: not found (no rotation recorded yet)`
      : `audit log ${relative(ctx.cwd, auditPath)}: ${audit.records.length} records, hash chain ${audit.verified ? 'verified' : 'does NOT verify'}`,
  );
  const gitHistory = await readSopsHistory(ctx, manifests, values['sops-repo'], sources);
  const policies = await readPolicies(ctx, values.policies ?? 'policies', now);
  const alerts = values.alerts === undefined ? undefined : await readAlerts(ctx, values.alerts);
  const input: ReportInput = {
    now,
    manifests,
    audit: audit?.records ?? [],
    ...(audit ? { auditVerified: audit.verified } : {}),
    descriptions,
    gitHistory,
    ...policies,
    ...(alerts ? { alerts } : {}),
    sources,
  };
  return { input, invalid };
}

async function readAlerts(ctx: CommandContext, file: string): Promise<ReportInput['alerts']> {
  const { parseAlerts } = await import('@docugen-secrets/report');
  return parseAlerts(await readUserFile(resolve(ctx.cwd, file), file), file);
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  const format = oneOf('format', values.format, FORMATS, 'markdown');
  const now = nowFrom(ctx, values.now);
  const report = await import('@docugen-secrets/report');
  const { input, invalid } = await gather(ctx, values, positionals, now);
  const built = report.buildComplianceReport(input);
  const render = {
    markdown: report.formatMarkdown,
    csv: report.formatCsv,
    json: report.formatJson,
    html: report.formatHtml,
  }[format];
  const text = render(built);
  if (values.output === undefined) ctx.stdout.write(text);
  else {
    await writeFileAtomic(resolve(ctx.cwd, values.output), text);
    ctx.stderr.write(
      `wrote ${values.output} (${format}, ${built.rows.length} secrets: ${built.totals.ok} ok, ${built.totals.overdue} overdue, ${built.totals.missing} missing, ${built.totals.unknown} unknown)\n`,
    );
  }
  for (const file of invalid)
    ctx.stderr.write(
      `docugen-secrets report: ${file} is not a valid manifest and was left out (run "docugen-secrets check ${file}")\n`,
    );
  return input.auditVerified === false || invalid.length > 0 || built.totals.unknown > 0 ? EXIT.FINDINGS : EXIT.OK;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Compliance report per secret: age, rotations, overdue days, waivers, alerts (markdown, csv, json, html)',
  help: HELP,
  run,
};
