import { compareFindings, type Finding } from '@docugen-secrets/core';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';

const HELP = `Usage: docugen-secrets check [paths...] [--format text|json]

Validates secret manifests (files or folders of *.yaml) against the manifest
schema and reports every problem with file:line:col and a stable code.

Options:
  --format text|json   output format (default: text)
  -h, --help           show this help

Paths default to secrets-manifests/.
Exit codes: 0 no errors, 1 at least one error finding, 2 usage or internal error
(including a path that does not exist).
`;

export interface CheckReport {
  readonly version: 1;
  readonly summary: { readonly files: number; readonly valid: number; readonly errors: number; readonly warnings: number; readonly notes: number };
  readonly findings: readonly Finding[];
}

export function summarize(files: number, valid: number, findings: readonly Finding[]): CheckReport {
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return { version: 1, summary: { files, valid, errors: count('error'), warnings: count('warning'), notes: count('note') }, findings };
}

export function formatText(report: CheckReport): string {
  const lines = report.findings.map((f) => `${f.file}:${f.start.line}:${f.start.col}: ${f.severity} ${f.ruleId} ${f.message}`);
  const s = report.summary;
  lines.push(`checked ${s.files} manifest${s.files === 1 ? '' : 's'}: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, { format: { type: 'string' } });
  const format = oneOf('format', values.format, ['text', 'json'], 'text');
  const paths = positionals.length > 0 ? positionals : ['secrets-manifests'];
  const { loadManifests } = await import('@docugen-secrets/manifest');
  const result = await loadManifests(paths, { cwd: ctx.cwd });
  if (result.missing.length > 0) throw usageError(`path not found: ${result.missing.join(', ')}`);
  const findings = result.manifests.flatMap((m) => m.findings).sort(compareFindings);
  const report = summarize(result.manifests.length, result.manifests.filter((m) => m.manifest).length, findings);
  ctx.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  return report.summary.errors > 0 ? EXIT.FINDINGS : EXIT.OK;
}

export const checkCommand: Command = { name: 'check', summary: 'Validate secret manifests (schema and policies)', help: HELP, run };
