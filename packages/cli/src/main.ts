import { describeError, escapeTerminal, isDocugenError } from '@docugen-secrets/core';
import type { CommandContext } from './command.js';
import { EXIT, exitCodeOf, exitCodesHelp, ISSUES_URL } from './exit-codes.js';
import { registry, type Registry } from './registry.js';

const VERSION = '0.1.0';

function topHelp(): string {
  const width = Math.max(...Object.keys(registry).map((n) => n.length));
  const lines = Object.entries(registry).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `docugen-secrets ${VERSION} — keep DocuGen's secrets declared, checked, rotated and owned

Usage: docugen-secrets <command> [options]

Commands:
${lines.join('\n')}

Run "docugen-secrets <command> --help" for a command's options.
${exitCodesHelp('findings or a verification failure')}
`;
}

/**
 * The one top-level handler: dispatches to a command and turns every failure
 * into a one-line message and an exit code. Never prints a stack trace, never
 * a secret value (errors carry none by construction).
 */
export async function main(ctx: CommandContext, commands: Registry = registry): Promise<number> {
  const [name, ...rest] = ctx.argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(topHelp());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    ctx.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    ctx.stderr.write(`docugen-secrets: unknown command "${name}" (see docugen-secrets --help)\n`);
    return EXIT.USAGE;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return EXIT.OK;
    }
    if (command.longRunning === true) ctx.holdSignals?.();
    return await command.run({ ...ctx, argv: rest });
  } catch (err) {
    return reportFailure(ctx, name, err);
  }
}

/**
 * The one error-to-exit table (exit-codes.ts) applied: one line on stderr, no
 * stack trace, never a value (coded errors carry none by construction); the
 * message may quote untrusted text (a key, a provider message): escaped.
 */
function reportFailure(ctx: CommandContext, name: string, err: unknown): number {
  const exit = exitCodeOf(err);
  const prefix = `docugen-secrets ${name}:`;
  if (isDocugenError(err, 'CLI_USAGE')) {
    ctx.stderr.write(`${prefix} ${escapeTerminal(err.message)} (see docugen-secrets ${name} --help)\n`);
  } else if (exit === EXIT.INTERNAL) {
    ctx.stderr.write(`${prefix} internal error: ${escapeTerminal(describeError(err))}\n`);
    ctx.stderr.write(`This is a bug, please report it at ${ISSUES_URL} with the command you ran and this message.\n`);
  } else {
    ctx.stderr.write(`${prefix} ${escapeTerminal(describeError(err))}\n`);
  }
  return exit;
}
