import { resolve } from 'node:path';
import { escapeTerminal, terminalSafeJson, writeFileAtomic } from '@docugen-secrets/core';
import type { RotationResult } from '@docugen-secrets/rotation';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { auditLogPath, commandRestarts, loadValidManifests, openBackends, rotateOnBackends } from '../compose/index.js';
import { parseCommandArgs, usageError } from '../usage.js';
import { runManual } from './rotate-manual.js';
import { restartLine } from './start-report.js';

const HELP = `Usage: docugen-secrets rotate [paths...] [options]

Rotates every due secret as far as its gates allow: create the new value
(stored as pending) → set it at the provider → test it → finish (promote to
current, previous kept) → retire the previous after the overlap. Each step is
idempotent and audited; a run that is interrupted is resumed by the next one.
Secret values are never printed.

Options:
  --secret ID[,ID...]  only these secrets (repeatable; what "plan --shards" emits)
  --dry-run            decide and report, change nothing
  --emergency          rotate now even if not due, with the manifest's
                       emergencyOverlap; needs --secret and --reason
  --reason TEXT        why (recorded in the audit log)
  --manual             a person rotates a manual secret (needs --secret ID and
                       --reason): the new value is read from standard input or
                       a prompt that does not echo — never an argument — then
                       staged, tested when it has a test, promoted; the previous
                       version is kept and the time to revoke it upstream printed
  --confirm-revoked    record that the old token of --secret ID is revoked
                       upstream (retires the previous version)
  --actor NAME         who rotates (--manual; default GITHUB_ACTOR, git user.name, USER)
  --waive-single ID    the single strategy of this secret is covered by a waiver (repeatable)
  --json               JSON output, with per-secret "outcomes" (result, failed
                       step, error code, sanitized message, run attempt and URL
                       in Actions): the input of "alerts sync --outcomes"
  --outcomes FILE      also write that JSON to FILE (atomically)
  --audit-log FILE     audit log (hash-chained JSONL; default .local/audit.jsonl)
  --concurrency N      secrets rotated at once (default 4)
  --aws-endpoint URL   use this Secrets Manager endpoint (default: the embedded
                       local server, or AWS when AWS credentials are configured)
  --region REGION      default AWS region
  --restart-ledger FILE
                       consumers that must restart: what was sent, kept between
                       runs (JSON, no values). Local default: restarts go to the
                       embedded GitHub server and a local webhook receiver (ledger
                       .local/restarts.json unless given). AWS mode: restarts are
                       sent only with a ledger (GitHub dispatches with
                       DOCUGEN_DEPLOY_GITHUB_TOKEN or GITHUB_TOKEN, webhooks
                       signed with DOCUGEN_RESTART_WEBHOOK_SECRET); without one
                       they are reported unavailable and previous versions kept
  --sops-repo PATH     write and commit SOPS files in this git checkout (in
                       Actions: the repository's checkout); default: the local
                       git repository .local/sops-repo, never the working tree
  --google-adc         AWS mode: rotate Google API keys and GCS HMAC keys with
                       Application Default Credentials (implied by
                       GOOGLE_APPLICATION_CREDENTIALS)
  -h, --help           show this help

Local default (no AWS configuration): aws-secrets-manager secrets live in an
embedded Secrets Manager, provider secrets (Google API keys, IAM and GCS HMAC
keys) are rotated against local emulators of those APIs, all with state in
.local/; sops secrets are committed to .local/sops-repo (age key from
SOPS_AGE_KEY / SOPS_AGE_KEY_FILE or a generated .local/age-key.txt).
AWS mode: provider secrets whose provider has no credentials configured are
reported "skipped: provider not configured".
${exitCodesHelp('a rotation failed or errored (the next run resumes it)')}
`;

const OPTIONS = {
  secret: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  emergency: { type: 'boolean' },
  reason: { type: 'string' },
  'waive-single': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  outcomes: { type: 'string' },
  'audit-log': { type: 'string' },
  concurrency: { type: 'string' },
  'aws-endpoint': { type: 'string' },
  region: { type: 'string' },
  'sops-repo': { type: 'string' },
  'restart-ledger': { type: 'string' },
  'google-adc': { type: 'boolean' },
  manual: { type: 'boolean' },
  'confirm-revoked': { type: 'boolean' },
  actor: { type: 'string' },
} as const;

function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function ledgerOf(ctx: CommandContext, flag: string | undefined): string | undefined {
  if (flag === undefined) return undefined;
  if (flag.trim() === '') throw usageError('--restart-ledger needs a file path');
  return resolve(ctx.cwd, flag);
}

function concurrencyOf(raw: string | undefined): number {
  if (raw === undefined) return 4;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64)
    throw usageError(`--concurrency must be a whole number from 1 to 64 (got "${raw}")`);
  return Number(raw);
}

function emergencyOf(
  on: boolean | undefined,
  reason: string | undefined,
  secrets: readonly string[],
): { reason: string } | undefined {
  if (on !== true) {
    if (reason !== undefined) throw usageError('--reason only goes with --emergency or --manual');
    return undefined;
  }
  if (reason === undefined || reason.trim() === '')
    throw usageError('--emergency needs --reason TEXT (it is recorded in the audit log)');
  if (secrets.length === 0)
    throw usageError('--emergency needs --secret ID: an emergency rotation names the secrets it rotates');
  return { reason: reason.trim() };
}

/** The text report of `rotate`: one line per secret, then the totals; reasons and notes are escaped. */
export function rotateText(results: readonly RotationResult[], notes: readonly string[]): string {
  const id = (r: RotationResult): string => escapeTerminal(r.secretId);
  const width = Math.max(6, ...results.map((r) => id(r).length));
  // A reason may quote a provider's or a store's error message: untrusted text.
  const lines = results.flatMap((r) => [
    `${id(r).padEnd(width)}  ${r.kind.padEnd(8)}  ${escapeTerminal(r.reason)}${r.steps.length > 0 ? ` [${r.steps.join(' → ')}]` : ''}`,
    // Service names come from manifests: escaped like the ids.
    ...(r.restarts ?? [])
      .filter((x) => x.kind !== 'done')
      .map((x) => `  ${escapeTerminal(restartLine(r.secretId, x))}`),
  ]);
  const count = (k: RotationResult['kind']): number => results.filter((r) => r.kind === k).length;
  const summary = (
    ['created', 'rotated', 'retired', 'waiting', 'not-due', 'blocked', 'skipped', 'failed', 'error', 'dry-run'] as const
  )
    .filter((k) => count(k) > 0)
    .map((k) => `${count(k)} ${k}`);
  return `${[...notes.map((n) => `# ${escapeTerminal(n)}`), ...lines].join('\n')}\n\nrotate: ${results.length} secret${results.length === 1 ? '' : 's'}${summary.length ? ` (${summary.join(', ')})` : ''}\n`;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, OPTIONS);
  const secrets = listOf(values.secret);
  if (values.manual === true || values['confirm-revoked'] === true) {
    const flags = {
      secrets,
      manual: values.manual === true,
      confirmRevoked: values['confirm-revoked'] === true,
      json: values.json === true,
    };
    return runManual(ctx, positionals, {
      ...flags,
      reason: values.reason,
      actor: values.actor,
      auditLog: values['audit-log'],
      awsEndpoint: values['aws-endpoint'],
      region: values.region,
      sopsRepo: values['sops-repo'],
      restartLedger: ledgerOf(ctx, values['restart-ledger']),
    });
  }
  if (values.actor !== undefined) throw usageError('--actor only goes with --manual or --confirm-revoked');
  const emergency = emergencyOf(values.emergency, values.reason, secrets);
  const concurrency = concurrencyOf(values.concurrency);
  const { manifests: all, invalid } = await loadValidManifests(ctx, positionals);
  const unknown = secrets.filter((id) => !all.some((m) => m.id === id));
  if (unknown.length > 0) throw usageError(`no manifest for secret ${unknown.join(', ')}`);
  const manifests = secrets.length > 0 ? all.filter((m) => secrets.includes(m.id)) : all;
  const auditPath = auditLogPath(ctx, values['audit-log']);
  const backends = await openBackends(ctx, manifests, {
    awsEndpoint: values['aws-endpoint'],
    region: values.region,
    sopsRepo: values['sops-repo'],
    googleAdc: values['google-adc'],
    rotators: true,
  });
  let results: RotationResult[];
  let restartNotes: readonly string[] = [];
  try {
    const dryRun = values['dry-run'] === true;
    const restarts = dryRun
      ? undefined
      : await commandRestarts(ctx, manifests, backends.mode, ledgerOf(ctx, values['restart-ledger']));
    restartNotes = restarts?.notes ?? [];
    try {
      results = await rotateOnBackends(
        ctx,
        backends,
        manifests,
        auditPath,
        {
          concurrency,
          dryRun,
          waivedSingle: new Set(listOf(values['waive-single'])),
          ...(emergency ? { emergency } : {}),
        },
        restarts,
      );
    } finally {
      await restarts?.close();
    }
  } finally {
    await backends.close();
  }
  const notes = [...backends.notes, ...restartNotes, `audit log: ${auditPath}`];
  const { outcomesOf, runInfoFromEnv } = await import('@docugen-secrets/alerts');
  const json = `${terminalSafeJson(JSON.stringify({ version: 1, mode: backends.mode, notes, results, outcomes: outcomesOf(results, ctx.clock.now(), runInfoFromEnv(ctx.env)) }, null, 2))}\n`;
  if (values.outcomes !== undefined) await writeFileAtomic(resolve(ctx.cwd, values.outcomes), json);
  ctx.stdout.write(values.json === true ? json : rotateText(results, notes));
  for (const file of invalid)
    ctx.stderr.write(
      `docugen-secrets rotate: ${file} is not a valid manifest and was left out (run "docugen-secrets check ${file}")\n`,
    );
  return invalid.length > 0 || results.some((r) => r.kind === 'failed' || r.kind === 'error') ? EXIT.FINDINGS : EXIT.OK;
}

export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'Rotate due secrets: create → set → test → finish → retire, resumable',
  help: HELP,
  longRunning: true,
  run,
};
