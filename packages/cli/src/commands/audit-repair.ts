import { resolve } from 'node:path';
import { escapeTerminal } from '@docugen-secrets/core';
import { EXIT, type CommandContext } from '../command.js';
import { readUserFile } from '../files.js';
import { parseCommandArgs, usageError } from '../usage.js';

export const REPAIR_USAGE = '       docugen-secrets audit repair FILE [--write --drop-from LINE] [--backup PATH]';

export const REPAIR_HELP = `repair: a torn last line (a crash mid-append) is cut automatically when a
log is opened. For any other damage, "audit repair" shows what it would do
— keep the lines before the first problem, drop that line and every later
one — and changes nothing (dry run). To apply it, pass --write together
with --drop-from set to the line it named (an explicit confirmation). It
first copies the whole log to a backup (default FILE.repair-<time>.bak,
never overwritten), then writes the kept lines and chains an
"audit.repaired" event (line, lines and bytes dropped, backup name).
  --write                apply the repair (default: dry run)
  --drop-from LINE       the first line to drop, as the dry run printed it
  --backup PATH          where to copy the original log`;

/** `audit repair`: dry run by default; --write needs --drop-from matching the planned cut. Exit 1 while a repair is pending. */
export async function runRepair(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    write: { type: 'boolean' },
    'drop-from': { type: 'string' },
    backup: { type: 'string' },
  });
  if (positionals.length !== 1) throw usageError('audit repair takes exactly one audit log FILE');
  const file = positionals[0] ?? '';
  const path = resolve(ctx.cwd, file);
  const audit = await import('@docugen-secrets/audit');
  const plan = audit.planRepair(await readUserFile(path, file));
  const name = escapeTerminal(file);
  if (plan.kind === 'clean') {
    ctx.stdout.write(`${name}: nothing to repair, ${plan.lines} line(s) verify\n`);
    return EXIT.OK;
  }
  const what = `drop lines ${plan.fromLine}–${plan.fromLine + plan.droppedLines - 1} (${plan.droppedLines} line(s), ${plan.droppedBytes} bytes) from the first problem (${plan.code}), keep ${plan.keptLines}`;
  if (values.write !== true) {
    ctx.stdout.write(
      `${name}: would ${what}\ndry run: nothing written; apply with --write --drop-from ${plan.fromLine}\n`,
    );
    return EXIT.FINDINGS;
  }
  if (values['drop-from'] !== String(plan.fromLine))
    throw usageError(`--write needs --drop-from ${plan.fromLine} (the first line the repair drops) to confirm it`);
  const stamp = ctx.clock.now().toISOString().replace(/[:.]/g, '-');
  const backupPath = resolve(ctx.cwd, values.backup ?? `${file}.repair-${stamp}.bak`);
  await audit.applyRepair(path, plan, { backupPath, clock: ctx.clock, actor: audit.actorFromEnv(ctx.env) });
  ctx.stdout.write(`${name}: repaired: ${what}; original kept in ${escapeTerminal(backupPath)}\n`);
  return EXIT.OK;
}
