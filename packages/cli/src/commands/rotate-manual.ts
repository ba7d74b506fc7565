import { execFile } from 'node:child_process';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { ManualRotationResult } from '@docugen-secrets/rotation';
import { EXIT, type CommandContext } from '../command.js';
import { usageError } from '../usage.js';
import { auditLogPath, commandRestarts, loadValidManifests, openBackends } from '../compose/index.js';
import { restartLine } from './start-report.js';

/** The flags of `rotate` a manual rotation uses. */
export interface ManualFlags {
  readonly secrets: readonly string[];
  readonly manual: boolean;
  readonly confirmRevoked: boolean;
  readonly reason?: string | undefined;
  readonly actor?: string | undefined;
  readonly json: boolean;
  readonly auditLog?: string | undefined;
  readonly awsEndpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly sopsRepo?: string | undefined;
  /** `--restart-ledger FILE`, resolved. */
  readonly restartLedger?: string | undefined;
}

function gitUser(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd }, (err, stdout) => {
      resolve(err ? undefined : stdout.trim() || undefined);
    });
  });
}

/** Who rotates: --actor, else GITHUB_ACTOR in Actions, else the git user, else the login name. */
async function whoOf(ctx: CommandContext, flag: string | undefined): Promise<string> {
  const who = flag ?? ctx.env['GITHUB_ACTOR'] ?? (await gitUser(ctx.cwd)) ?? ctx.env['USER'];
  if (who === undefined || who.trim() === '')
    throw usageError('--manual needs --actor NAME (no git user.name, GITHUB_ACTOR or USER to take it from)');
  return who.trim();
}

/** The new value: piped standard input, or typed twice at a prompt that does not echo. Never argv, never a file. */
async function readValue(ctx: CommandContext, id: string): Promise<string> {
  const input = ctx.secretInput;
  if (!input) throw usageError('--manual reads the new value from standard input, and none is available here');
  let value: string;
  if (input.isTTY) {
    value = await input.promptHidden(`New value of ${id} (not echoed): `);
    if ((await input.promptHidden('Once more: ')) !== value)
      throw usageError('the two values differ; nothing was changed');
  } else {
    value = (await input.readAll()).replace(/\r?\n$/, '');
  }
  if (value === '') throw usageError('no value was given (pipe it to standard input or type it at the prompt)');
  return value;
}

function pick(manifests: readonly SecretManifest[], secrets: readonly string[]): SecretManifest {
  if (secrets.length !== 1) throw usageError('--manual and --confirm-revoked take exactly one --secret ID');
  const m = manifests.find((x) => x.id === secrets[0]);
  if (!m) throw usageError(`no manifest for secret ${secrets[0] ?? ''}`);
  return m;
}

function textOf(r: ManualRotationResult): string {
  const lines = [`${r.secretId}: ${r.kind}: ${r.reason} (version ${r.versionId})`];
  lines.push(...(r.restarts ?? []).map((x) => restartLine(r.secretId, x)));
  if (r.previousVersionId !== undefined && r.revokeAfter !== undefined) {
    lines.push(`previous version ${r.previousVersionId} is kept for the overlap.`);
    lines.push(
      `Revoke the old token upstream after ${r.revokeAfter.toISOString()} (every consumer has reloaded by then),`,
    );
    lines.push(`then record it: docugen-secrets rotate --secret ${r.secretId} --confirm-revoked`);
  }
  return `${lines.join('\n')}\n`;
}

/** `rotate --secret ID --manual` and `--confirm-revoked`: a person's rotation through the tool, audited. */
export async function runManual(ctx: CommandContext, paths: readonly string[], f: ManualFlags): Promise<number> {
  if (f.manual && f.confirmRevoked)
    throw usageError(
      '--manual and --confirm-revoked are separate steps: rotate first, confirm after the old token is revoked',
    );
  if (f.manual && (f.reason === undefined || f.reason.trim() === ''))
    throw usageError('--manual needs --reason TEXT (it is recorded in the audit trail)');
  const { manifests } = await loadValidManifests(ctx, paths);
  const manifest = pick(manifests, f.secrets);
  const by = await whoOf(ctx, f.actor);
  const value = f.manual ? await readValue(ctx, manifest.id) : undefined;
  const [{ rotateManually, confirmRevoked, secretRef }, { AuditedStore }, { JsonlAuditLog, actorFromEnv }] =
    await Promise.all([
      import('@docugen-secrets/rotation'),
      import('@docugen-secrets/secret-store'),
      import('@docugen-secrets/audit'),
    ]);
  const backends = await openBackends(ctx, [manifest], {
    awsEndpoint: f.awsEndpoint,
    region: f.region,
    sopsRepo: f.sopsRepo,
  });
  const restarts = f.manual
    ? await commandRestarts(ctx, [manifest], backends.mode, f.restartLedger).catch(async (err: unknown) => {
        await backends.close();
        throw err;
      })
    : undefined;
  try {
    const actor = actorFromEnv(ctx.env);
    const audit = await JsonlAuditLog.open(auditLogPath(ctx, f.auditLog), { clock: ctx.clock, actor });
    const inner = backends.store(secretRef(manifest));
    if (!inner) throw usageError(`secret ${manifest.id}: its backend is not configured here`);
    const deps = {
      store: new AuditedStore(inner, { sink: audit, actor, clock: ctx.clock }),
      audit,
      actor,
      clock: ctx.clock,
      ...(restarts === undefined ? {} : { restarts }),
    };
    if (value === undefined) {
      const done = await confirmRevoked(deps, manifest, { reason: f.reason ?? '', by });
      ctx.stdout.write(
        f.json
          ? `${JSON.stringify({ version: 1, secretId: manifest.id, revoked: done.retiredVersionId })}\n`
          : `${manifest.id}: recorded that the old token (version ${done.retiredVersionId}) is revoked upstream; the version is retired\n`,
      );
      return EXIT.OK;
    }
    const r = await rotateManually(deps, manifest, { value: { kind: 'string', value }, reason: f.reason ?? '', by });
    ctx.stdout.write(
      f.json ? `${JSON.stringify({ version: 1, mode: backends.mode, result: r }, null, 2)}\n` : textOf(r),
    );
    return r.kind === 'failed' ? EXIT.FINDINGS : EXIT.OK;
  } finally {
    await restarts?.close();
    await backends.close();
  }
}
