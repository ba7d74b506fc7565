import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DocugenError, terminalSafeJson, writeFileAtomic } from '@docugen-secrets/core';
import { failedIds, rotatedIds, type RunReport } from '@docugen-secrets/runner';
import type { ActionCore } from './core-port.js';
import type { ActionErrorCode } from './errors.js';

/** The value-free JSON report the `report` output points at (the shard's outcome artifact). */
export function reportJson(report: RunReport): string {
  const body = {
    version: 1,
    command: report.command,
    trigger: report.trigger,
    now: report.now.toISOString(),
    check: report.check,
    results: report.results,
    after: report.after,
    ...(report.matrix ? { matrix: report.matrix } : {}),
    ...(report.published ? { published: report.published } : {}),
    ...(report.alerts ? { alerts: report.alerts } : {}),
    ...(report.audit ? { audit: { ok: report.audit.ok, lines: report.audit.lines } } : {}),
    notes: report.notes,
  };
  return `${terminalSafeJson(JSON.stringify(body, null, 2))}\n`;
}

function commitOf(report: RunReport): string {
  const p = report.published;
  return p && (p.kind === 'pushed' || p.kind === 'pull-request') ? p.commit : '';
}

function pullRequestOf(report: RunReport): string {
  const p = report.published;
  return p?.kind === 'pull-request' ? p.url : '';
}

/**
 * Sets the action's outputs: `matrix` (plan), `rotated` and `failed` (comma-
 * separated ids), `commit`, `pull-request` (URL) and `report` (the path of
 * the JSON report, written to `reportPath`).
 */
export async function writeOutputs(core: ActionCore, report: RunReport, reportPath: string): Promise<void> {
  try {
    await mkdir(dirname(reportPath), { recursive: true });
    await writeFileAtomic(reportPath, reportJson(report));
  } catch (err) {
    throw new DocugenError<ActionErrorCode>('ACTION_OUTPUT', `could not write the run report to ${reportPath}`, {
      cause: err,
    });
  }
  core.setOutput('matrix', report.matrix ? JSON.stringify(report.matrix) : '');
  core.setOutput('rotated', rotatedIds(report).join(','));
  core.setOutput('failed', failedIds(report).join(','));
  core.setOutput('commit', commitOf(report));
  core.setOutput('pull-request', pullRequestOf(report));
  core.setOutput('report', reportPath);
}
