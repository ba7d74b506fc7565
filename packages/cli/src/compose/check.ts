import type { CheckOutcome, RunPorts } from '@docugen-secrets/runner';
import { EXIT, type CommandContext } from '../command.js';

/**
 * The manifest check as a port of the daily job: `check` run on `paths`,
 * printing as the command prints (`args` adds e.g. `--format github` for
 * workflow annotations in the rotator action). Its exit code becomes the
 * runner's `CheckOutcome`: usage errors and findings stop the job.
 */
export function checkPort(
  ctx: CommandContext,
  paths: readonly string[],
  args: readonly string[] = [],
): NonNullable<RunPorts['check']> {
  return async (): Promise<CheckOutcome> => {
    const { checkCommand } = await import('../commands/check.js');
    const code = await checkCommand.run({ ...ctx, argv: [...paths, ...args] });
    return code === EXIT.OK ? 'ok' : code === EXIT.USAGE ? 'usage' : 'findings';
  };
}
