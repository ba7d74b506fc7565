import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDuration, writeFileAtomic } from '@docugen-secrets/core';
import type { DriftManifest, DriftResult } from '@docugen-secrets/drift';
import type * as PolicyEngine from '@docugen-secrets/policy-engine';
import type { PolicyReport, RuleDescriptor } from '@docugen-secrets/policy-engine';
import { detectDriftOn } from '../compose/drift-backends.js';
import { assertManifestPaths } from '../files.js';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';
import { auditLogPath, modeOf, realAwsConfigured } from '../compose/index.js';
import { nowFrom } from '../usage.js';

const HELP = `Usage: docugen-secrets drift [paths...] [options]

Compares the manifests with reality, read-only: the Secrets Manager secrets
of the project (listed by the docugen-secrets/id tag, --name-prefix and each
declared name; paginated, rate-limited), the SOPS store's files (clear
fields and metadata only, nothing decrypted) and the audit trail. Findings:
  DRIFT001 orphan: a store secret no manifest declares
  DRIFT002 missing: a manifest whose secret its backend does not hold
  DRIFT003 out of band: a current/pending version or SOPS commit the audit
           trail never recorded
  DRIFT004 stages: pending left behind, previous past its retire time,
           versions kept by unknown labels, a claimed first rotation without
           a stored version
  DRIFT005 SOPS recipients differ from .sops.yaml (or the store's key)
  DRIFT006 Secrets Manager secret without the manifest's KMS key or owner tags
Docs: docs/drift.md. No value is ever read.

Options:
  --format FORMAT      text (default), json, sarif, github (annotations) or summary
  --output FILE        also write the findings file "alerts sync --drift FILE" reads
                       (secretId, code, severity, message, kind, location)
  --summary FILE       also append the markdown summary to FILE ("$GITHUB_STEP_SUMMARY")
  --fail-on LEVEL      error or warning: the lowest severity that fails (default warning)
  --region REGION      compare against AWS (default region; manifests name their own)
  --aws-endpoint URL   compare against this Secrets Manager endpoint
  --name-prefix P      also list secrets whose name starts with P (repeatable):
                       untagged ones there that no manifest declares are orphans
  --sops-repo PATH     the SOPS repository (default .local/sops-repo)
  --audit-log FILE     the audit trail (default .local/audit.jsonl)
  --grace DURATION     slack before a pending or previous version is drift (default P1D)
  --now ISO            judge as of this time
  -h, --help           show this help

Without --region/--aws-endpoint or AWS credentials it reads the local default
that "npm start" leaves in .local/ (the embedded server's state is loaded
read-only). Paths default to secrets-manifests/.
${exitCodesHelp('drift found at or above --fail-on')}
`;

const TOOL = {
  name: 'docugen-secrets drift',
  version: '0.1.0',
  informationUri: 'https://github.com/docugen/docugen-secrets',
};
const FORMATS = ['text', 'json', 'sarif', 'github', 'summary'] as const;
type Format = (typeof FORMATS)[number];
const SHOWN = ['location', 'versionId'] as const;

const OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string' },
  summary: { type: 'string' },
  'fail-on': { type: 'string' },
  region: { type: 'string' },
  'aws-endpoint': { type: 'string' },
  'name-prefix': { type: 'string', multiple: true },
  'sops-repo': { type: 'string' },
  'audit-log': { type: 'string' },
  grace: { type: 'string' },
  now: { type: 'string' },
} as const;

async function loadDeclared(
  ctx: CommandContext,
  paths: readonly string[],
): Promise<{ manifests: DriftManifest[]; invalid: string[] }> {
  const { loadManifests } = await import('@docugen-secrets/manifest');
  const result = await loadManifests(paths.length > 0 ? paths : ['secrets-manifests'], { cwd: ctx.cwd });
  await assertManifestPaths(result.pathProblems);
  return {
    manifests: result.manifests.flatMap((m) => (m.manifest ? [{ manifest: m.manifest, file: m.file }] : [])),
    invalid: result.manifests.filter((m) => !m.manifest).map((m) => m.file),
  };
}

function graceOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    parseDuration(raw);
  } catch {
    throw usageError(`--grace must be an ISO-8601 duration such as P1D or PT6H (got "${raw}")`);
  }
  return raw;
}

function subject(r: DriftResult): string {
  const c = r.counts;
  return `compared ${c.manifests} manifests with ${c.vaultSecrets} Secrets Manager secrets and ${c.sopsFiles} SOPS files`;
}

function render(
  engine: typeof PolicyEngine,
  format: Format,
  report: PolicyReport,
  rules: readonly RuleDescriptor[],
  sub: string,
  ctx: CommandContext,
): string {
  switch (format) {
    case 'text':
      return engine.formatText(report, { color: ctx.isTTY, subject: sub, properties: SHOWN });
    case 'json':
      return engine.formatJson(report);
    case 'sarif':
      return engine.formatSarif(report, rules, TOOL);
    case 'github':
      return engine.formatGithubAnnotations(report).text;
    case 'summary':
      return engine.formatMarkdownSummary(report, rules, {
        title: 'docugen-secrets drift',
        subject: sub.charAt(0).toUpperCase() + sub.slice(1),
        properties: SHOWN,
      });
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const failOn = oneOf('fail-on', values['fail-on'], ['error', 'warning'], 'warning');
  const grace = graceOf(values.grace);
  const now = nowFrom(ctx, values.now);
  const { manifests, invalid } = await loadDeclared(ctx, positionals);
  const [drift, engine] = await Promise.all([
    import('@docugen-secrets/drift'),
    import('@docugen-secrets/policy-engine'),
  ]);
  // --region names AWS explicitly; otherwise the same rule as rotate (an endpoint or AWS credentials).
  const mode = values.region === undefined ? modeOf(ctx, { awsEndpoint: values['aws-endpoint'] }) : 'aws';
  const region = values.region ?? ctx.env['AWS_REGION'] ?? ctx.env['AWS_DEFAULT_REGION'] ?? 'eu-west-1';
  const realCredentials = realAwsConfigured(ctx.env) || values['aws-endpoint'] === undefined;
  const { result, notes: backendNotes } = await detectDriftOn(
    ctx,
    {
      mode,
      region,
      awsEndpoint: values['aws-endpoint'],
      realCredentials,
      sopsRepo: values['sops-repo'],
      auditLog: auditLogPath(ctx, values['audit-log']),
      // Always listed: orphans are found by the project's tag even where no manifest points any more.
      needsVault: true,
      needsSops: true,
    },
    manifests,
    now,
    { namePrefixes: values['name-prefix'] ?? [], regions: [region], ...(grace === undefined ? {} : { grace }) },
  );
  const notes = [
    ...result.notifications,
    ...invalid.map((file) => ({
      level: 'warning' as const,
      code: 'DRIFT_INVALID_MANIFEST',
      message: `${file} is not a valid manifest and was left out (run "docugen-secrets check ${file}")`,
      file,
    })),
  ];
  const report = engine.buildReport({
    files: manifests.length + invalid.length,
    valid: manifests.length,
    findings: result.findings,
    failOn,
    counts: { ...result.counts },
    notifications: notes,
  });
  const rules = drift.driftRuleDescriptors(engine.DEFAULT_DOCS_BASE);
  const sub = subject(result);
  ctx.stdout.write(
    format === 'text'
      ? `${backendNotes.map((n) => `# ${n}\n`).join('')}${render(engine, format, report, rules, sub, ctx)}`
      : render(engine, format, report, rules, sub, ctx),
  );
  if (values.output !== undefined)
    await writeFileAtomic(
      resolve(ctx.cwd, values.output),
      `${JSON.stringify(drift.driftFindingsFile(report.findings, now), null, 2)}\n`,
    );
  if (values.summary !== undefined)
    await appendFile(resolve(ctx.cwd, values.summary), render(engine, 'summary', report, rules, sub, ctx));
  return report.summary.verdict === 'fail' ? EXIT.FINDINGS : EXIT.OK;
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Compare manifests with Secrets Manager, the SOPS store and the audit trail (read-only)',
  help: HELP,
  run,
};
