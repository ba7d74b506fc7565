import type { Command, CommandContext } from '../command.js';
import { checkCommand } from './check.js';

const HELP = `Usage: docugen-secrets start

The main job on the embedded local default (no AWS, no GitHub needed):
checks every manifest in secrets-manifests/ and prints the result.
`;

async function run(ctx: CommandContext): Promise<number> {
  ctx.stdout.write('== docugen-secrets: checking secrets-manifests/ ==\n');
  return checkCommand.run({ ...ctx, argv: ['secrets-manifests'] });
}

export const startCommand: Command = { name: 'start', summary: 'Run the main job on the embedded local default', help: HELP, run };
