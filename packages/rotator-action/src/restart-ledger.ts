import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { CommandContext } from '@docugen-secrets/cli/compose';
import type { RunReport } from '@docugen-secrets/runner';
import type { ActionErrorCode } from './errors.js';
import type { ActionInputs } from './inputs.js';

/**
 * The restart ledger of a `rotate` run: the `restart-ledger` input resolved
 * in the workspace, its folder made (a cache miss restores none). The ledger
 * records which consumer restarts were sent for which version, so a later
 * run can retire the previous version once those restarts have rolled out;
 * it must outlive the job (the workflow restores and saves it per shard
 * through the Actions cache). Without it no restart is sent and rolling-
 * restart consumers keep their previous versions (reported `unavailable`).
 * Losing it is safe by construction: a run that finds no record of a
 * restart sends it again (same delivery id) and holds the previous version
 * until that restart has rolled out — never retiring on an unconfirmed one.
 */
export async function restartLedgerOption(
  ctx: CommandContext,
  inputs: ActionInputs,
): Promise<{ restartLedgerPath?: string }> {
  if (inputs.restartLedger === undefined) return {};
  const path = resolve(ctx.cwd, inputs.restartLedger);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw new DocugenError<ActionErrorCode>(
      'ACTION_OUTPUT',
      `could not make the folder of the restart ledger ${path}; check the restart-ledger input`,
      { cause: err },
    );
  }
  return { restartLedgerPath: path };
}

/**
 * The warning of a `rotate` run without a ledger whose secrets have
 * restarts to send: none was sent (`unavailable`), so their previous
 * versions stay until the workflow keeps a ledger. Value-free: secret ids.
 */
export function missingLedgerWarning(report: RunReport, inputs: ActionInputs): string | undefined {
  if (inputs.command !== 'rotate' || inputs.restartLedger !== undefined) return undefined;
  const ids = report.results.filter((r) => r.restarts?.some((x) => x.kind === 'unavailable')).map((r) => r.secretId);
  if (ids.length === 0) return undefined;
  return `restarts not sent for ${ids.join(', ')}: no restart-ledger input, so their previous versions are kept; keep a ledger between runs (docs/action.md, "The restart ledger between runs")`;
}
