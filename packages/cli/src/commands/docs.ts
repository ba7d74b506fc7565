import { join } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { assertManifestPaths } from '../files.js';
import { parseCommandArgs } from '../usage.js';
import { docTargets, readIfExists } from './docs-targets.js';

const HELP = `Usage: docugen-secrets docs [--manifests DIR] [--out FILE] [--check]

Generates the repository's generated documentation: the secrets reference
(rotation cadence, expiry, owners, emergency contacts and procedures) from the
manifests and, in this repository, the generated sections of
docs/architecture/ — the package graph (from package.json files and
tools/check-boundaries.mjs) and NFR5's cadence table (from
policies/config.yaml). With --check it also checks that the benchmark figures
of docs/architecture/security-and-performance.md list every benchmark
(regenerate them with node tools/bench.mjs --write-docs).

Options:
  --manifests DIR   manifests folder (default: secrets-manifests)
  --out FILE        secrets reference output file (default: docs/secrets.md)
  --check           do not write; exit 1 when a generated file is out of date (CI)
  -h, --help        show this help

${exitCodesHelp('a generated file is out of date (--check) or a manifest is invalid')}
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    ctx.argv,
    { manifests: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } },
    false,
  );
  const { loadManifests } = await import('@docugen-secrets/manifest');
  const result = await loadManifests([values.manifests ?? 'secrets-manifests'], { cwd: ctx.cwd });
  await assertManifestPaths(result.pathProblems);
  const invalid = result.manifests.filter((m) => !m.manifest);
  if (invalid.length > 0) {
    ctx.stderr.write(
      `docs: ${invalid.length} manifest(s) are invalid; run docugen-secrets check first (${invalid.map((m) => m.file).join(', ')})\n`,
    );
    return EXIT.FINDINGS;
  }
  const manifests = result.manifests.flatMap((m) => (m.manifest ? [m.manifest] : []));
  const targets = await docTargets(ctx, manifests, values.out ?? 'docs/secrets.md', ctx.clock.now());
  let stale = 0;
  for (const t of targets) {
    const file = join(ctx.cwd, t.path);
    const current = await readIfExists(file);
    const text = await t.render(current);
    const problems = current === undefined ? [] : (t.problems?.(text) ?? []);
    for (const p of problems) ctx.stderr.write(`${t.path}: ${p}\n`);
    stale += problems.length;
    if (current === text) continue;
    if (values.check) {
      ctx.stderr.write(`${t.path} is out of date: run npx docugen-secrets docs and commit the result\n`);
      stale++;
      continue;
    }
    await writeFileAtomic(file, text);
    ctx.stdout.write(
      `wrote ${t.path}${t.path === (values.out ?? 'docs/secrets.md') ? ` (${manifests.length} secrets)` : ''}\n`,
    );
  }
  return stale > 0 ? EXIT.FINDINGS : EXIT.OK;
}

export const docsCommand: Command = {
  name: 'docs',
  summary: 'Generate the secrets reference and the generated sections of docs/architecture (--check: verify)',
  help: HELP,
  run,
};
