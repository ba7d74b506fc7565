import { writeFileAtomic } from '@docugen-secrets/core';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { assertManifestPaths } from '../files.js';
import { parseCommandArgs } from '../usage.js';

const HELP = `Usage: docugen-secrets codeowners [paths...] [--check] [--policies DIR]

Writes .github/CODEOWNERS (in the repository root: the folder that holds
policies/) so that each secret manifest is owned by its owner team: owner.team
mapped to its GitHub team through policies/teams.yaml, after the fixed entries
in the SM011 options of policies/config.yaml. Policy SM011 fails "check" when
the committed file is out of sync.

Options:
  --check          do not write; exit 1 when the file differs from what would be written
  --policies DIR   the policies folder (default: policies/ here or in the nearest parent)
  -h, --help       show this help

Paths default to secrets-manifests/.
${exitCodesHelp('out of sync (--check) or a manifest whose owner team is not in the registry')}
`;

function diffSummary(current: string | undefined, wanted: string): string[] {
  if (current === undefined) return ['  (file does not exist)'];
  const have = new Set(current.split('\n'));
  const want = new Set(wanted.split('\n'));
  const missing = [...want].filter((l) => l.trim() !== '' && !have.has(l)).map((l) => `  + ${l}`);
  const extra = [...have].filter((l) => l.trim() !== '' && !want.has(l)).map((l) => `  - ${l}`);
  return [...extra, ...missing];
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, {
    check: { type: 'boolean' },
    policies: { type: 'string' },
  });
  const { planCodeowners } = await import('@docugen-secrets/policies');
  // No policies folder: POLICY_FILE_MISSING, a usage error in main's exit table.
  const plan = await planCodeowners({
    paths: positionals.length > 0 ? positionals : ['secrets-manifests'],
    cwd: ctx.cwd,
    now: ctx.clock.now(),
    ...(values.policies === undefined ? {} : { policiesDir: values.policies }),
  });
  await assertManifestPaths(plan.pathProblems);
  if (plan.problems.length > 0) {
    ctx.stderr.write(
      `docugen-secrets codeowners: cannot generate CODEOWNERS:\n${plan.problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    return EXIT.FINDINGS;
  }
  if (plan.current === plan.text) {
    ctx.stdout.write(`${plan.target} is in sync\n`);
    return EXIT.OK;
  }
  if (values.check === true) {
    ctx.stdout.write(
      `${plan.target} is out of sync (run docugen-secrets codeowners):\n${diffSummary(plan.current, plan.text).join('\n')}\n`,
    );
    return EXIT.FINDINGS;
  }
  await writeFileAtomic(plan.target, plan.text);
  ctx.stdout.write(`wrote ${plan.target}\n`);
  return EXIT.OK;
}

export const codeownersCommand: Command = {
  name: 'codeowners',
  summary: 'Write .github/CODEOWNERS from manifest owners (--check: verify)',
  help: HELP,
  run,
};
