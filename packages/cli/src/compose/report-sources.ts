import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { access, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { AuditRecord } from '@docugen-secrets/audit';
import { DocugenError } from '@docugen-secrets/core';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { GitChange, MaxCadence, WaiverFact } from '@docugen-secrets/report';
import type { CommandContext } from '../command.js';

async function execFileText(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await promisify(execFile)(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** CLI_GIT_HISTORY: the SOPS repository's history could not be read (operational). */
export type ReportSourceErrorCode = 'CLI_GIT_HISTORY';

/** The audit trail for a report: its records and whether its hash chain verifies; undefined when there is no log yet. */
export async function readAuditTrail(path: string): Promise<{ records: AuditRecord[]; verified: boolean } | undefined> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return undefined;
  const { verifyAuditLog } = await import('@docugen-secrets/audit');
  return { records: text.split('\n').flatMap(recordOf), verified: verifyAuditLog(text).ok };
}

/** A line's record when it has the members the report reads; anything else is left out (verification reports it). */
function recordOf(line: string): AuditRecord[] {
  if (line.trim() === '') return [];
  try {
    const r = JSON.parse(line) as unknown;
    if (typeof r !== 'object' || r === null) return [];
    const f = r as Record<string, unknown>;
    const ok =
      typeof f['action'] === 'string' &&
      typeof f['secretId'] === 'string' &&
      typeof f['at'] === 'string' &&
      typeof f['actor'] === 'object' &&
      f['actor'] !== null;
    return ok ? [r as AuditRecord] : [];
  } catch {
    return [];
  }
}

/**
 * The SOPS repository's commits that touched the manifests' SOPS files
 * (`--sops-repo`, else `.local/sops-repo`); empty when there is no
 * repository or no SOPS secret. Read-only: `git log`.
 */
export async function readSopsHistory(
  ctx: CommandContext,
  manifests: readonly SecretManifest[],
  sopsRepo: string | undefined,
  notes: string[],
): Promise<GitChange[]> {
  const paths = manifests.flatMap((m) => (m.backend.kind === 'sops' ? [m.backend.path] : []));
  const dir = sopsRepo === undefined ? join(ctx.cwd, '.local', 'sops-repo') : resolve(ctx.cwd, sopsRepo);
  const exists = await access(join(dir, '.git')).then(
    () => true,
    () => false,
  );
  if (paths.length === 0 || !exists) return [];
  const { GIT_LOG_FORMAT, parseGitLog } = await import('@docugen-secrets/report');
  const text = await execFileText(
    'git',
    ['log', '--no-merges', `--format=${GIT_LOG_FORMAT}`, '--name-only', '--', ...paths],
    dir,
  ).catch((err: unknown) => {
    throw new DocugenError<ReportSourceErrorCode>(
      'CLI_GIT_HISTORY',
      `cannot read the git history of ${relative(ctx.cwd, dir) || '.'}: is it a git repository?`,
      { cause: err },
    );
  });
  notes.push(`git history of ${relative(ctx.cwd, dir) || '.'} (SOPS files)`);
  return parseGitLog(text);
}

/** NFR5's maxima (SM001's options) and the waivers in force, from the policies folder; its problems are `check`'s business. */
export async function readPolicies(
  ctx: CommandContext,
  dir: string,
  now: Date,
): Promise<{ maxCadence: MaxCadence; waivers: WaiverFact[] }> {
  const { docugenRules, loadPolicyFiles } = await import('@docugen-secrets/policies');
  const files = await loadPolicyFiles(resolve(ctx.cwd, dir), { cwd: ctx.cwd, now, rules: docugenRules });
  const sm001 = files.config.rules.get('SM001');
  const options = sm001?.enabled === true ? (sm001.options as { maxCadence?: MaxCadence }) : {};
  return {
    maxCadence: options.maxCadence ?? {},
    waivers: files.waivers.map((w) => ({
      rule: w.rule,
      secret: w.secret,
      reason: w.reason,
      owner: w.owner,
      expires: w.expires,
    })),
  };
}
