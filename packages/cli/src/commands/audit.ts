import { resolve } from 'node:path';
import { escapeTerminal, terminalSafeJson } from '@docugen-secrets/core';
import type { AuditAnchor, AuditVerification } from '@docugen-secrets/audit';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { readUserFile } from '../files.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';
import { REPAIR_HELP, REPAIR_USAGE, runRepair } from './audit-repair.js';

const HELP = `Usage: docugen-secrets audit verify FILE... [--anchor SEQ:HASH] [--format text|json]
${REPAIR_USAGE}

Checks the hash chain of audit logs (JSON lines written by the store and
rotation operations). Every line must be canonical JSON whose "hash" is the
SHA-256 of the line without "hash", whose "seq" counts up from 1 and whose
"prev" is the previous line's hash. Reports each edited, deleted, inserted
or reordered line with its line number:

  AUDIT_HASH_MISMATCH   the line's content was edited
  AUDIT_SEQ_GAP         a line is missing, inserted or moved here
  AUDIT_CHAIN_BROKEN    "prev" does not name the previous line (or the anchor differs)
  AUDIT_MALFORMED       not a well-formed record (or not canonical JSON)
  AUDIT_TRUNCATED       the anchor's record is gone: the tail was removed

The chain alone cannot show that the last lines were removed. Pass the head
published at the end of the run (printed by this command and by the
rotation job, e.g. "12:9f86d0…") with --anchor to detect that too.

Options:
  --anchor SEQ:HASH      a head published outside the log (only with one FILE)
  --format text|json     output format (default: text)
  -h, --help             show this help

${REPAIR_HELP}

Correlating events with CloudTrail: docs/audit.md
${exitCodesHelp('problems found in a log')}
`;

interface FileResult {
  readonly file: string;
  readonly result: AuditVerification;
}

async function parseAnchorArg(value: string | undefined, files: number): Promise<AuditAnchor | undefined> {
  if (value === undefined) return undefined;
  if (files !== 1) throw usageError('--anchor applies to exactly one FILE');
  const { parseAnchor } = await import('@docugen-secrets/audit');
  const anchor = parseAnchor(value);
  if (!anchor) throw usageError('--anchor must look like SEQ:HASH (a number, a colon and 64 hex digits)');
  return anchor;
}

function formatText(results: readonly FileResult[], formatAnchor: (a: AuditAnchor) => string): string {
  const lines: string[] = [];
  for (const { file, result } of results) {
    const name = escapeTerminal(file);
    for (const p of result.problems) lines.push(`${name}:${p.line}: ${p.code} ${escapeTerminal(p.message)}`);
    const head = result.head ? `, head ${formatAnchor(result.head)}` : '';
    lines.push(`${name}: ${result.ok ? 'ok' : `${result.problems.length} problem(s)`}, ${result.lines} line(s)${head}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === 'repair') return runRepair(ctx, rest);
  if (sub !== 'verify')
    throw usageError(
      sub === undefined
        ? 'missing subcommand (verify, repair)'
        : `unknown subcommand "${sub}" (expected verify or repair)`,
    );
  const { values, positionals } = parseCommandArgs(rest, { anchor: { type: 'string' }, format: { type: 'string' } });
  const format = oneOf('format', values.format, ['text', 'json'], 'text');
  if (positionals.length === 0) throw usageError('name at least one audit log FILE');
  const anchor = await parseAnchorArg(values.anchor, positionals.length);
  const audit = await import('@docugen-secrets/audit');
  const results: FileResult[] = [];
  for (const file of positionals) {
    const text = await readUserFile(resolve(ctx.cwd, file), file);
    results.push({ file, result: audit.verifyAuditLog(text, anchor ? { anchor } : {}) });
  }
  ctx.stdout.write(
    format === 'json'
      ? `${terminalSafeJson(JSON.stringify({ files: results }, null, 2))}\n`
      : formatText(results, audit.formatAnchor),
  );
  return results.every((r) => r.result.ok) ? EXIT.OK : EXIT.FINDINGS;
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the hash chain of audit logs (audit verify FILE...), repair a damaged one (audit repair FILE)',
  help: HELP,
  run,
};
