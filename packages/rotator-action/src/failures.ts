import { describeError, escapeTerminal, isDocugenError } from '@docugen-secrets/core';
import { failedIds, type RunReport } from '@docugen-secrets/runner';
import type { ActionCore } from './core-port.js';

/**
 * Turns a failed run into one failed step: an error annotation per failed
 * secret (titled with its id) and one `setFailed` line. Every text is
 * untrusted (ids from manifests, reasons quoting providers) and escaped, so
 * none can start a workflow command of its own.
 */
export function reportFailures(core: ActionCore, report: RunReport): void {
  for (const r of report.results.filter((x) => x.kind === 'failed' || x.kind === 'error')) {
    const step = r.failedStep === undefined ? '' : ` at step ${r.failedStep}`;
    const code = r.errorCode === undefined ? '' : `${r.errorCode}: `;
    core.error(escapeTerminal(`${r.secretId} ${r.kind}${step}: ${code}${r.reason}`), {
      title: escapeTerminal(`docugen-secrets: ${r.secretId}`),
    });
  }
  const reasons: string[] = [];
  if (report.check === 'findings') reasons.push('the manifests have errors (see the annotations)');
  if (report.check === 'usage') reasons.push('the manifest check could not run (see the log)');
  const failed = failedIds(report);
  if (failed.length > 0) reasons.push(`${failed.length} rotation(s) failed: ${failed.join(', ')}`);
  const unknown = report.before.filter((e) => e.status === 'unknown').map((e) => e.secretId);
  if (unknown.length > 0) reasons.push(`store state unknown for ${unknown.join(', ')}`);
  if (report.audit?.ok === false) reasons.push('the audit trail does not verify');
  core.setFailed(escapeTerminal(`docugen-secrets ${report.command}: ${reasons.join('; ')}`));
}

/** A thrown error as the step's one failure: its code and message (value-free by construction), escaped. */
export function reportError(core: ActionCore, err: unknown): void {
  const text = isDocugenError(err) ? describeError(err) : `internal error: ${describeError(err)}`;
  core.setFailed(escapeTerminal(`docugen-secrets: ${text}`));
}
