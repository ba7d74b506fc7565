import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { assertManifestPaths } from '../files.js';
import { parseCommandArgs } from '../usage.js';

const HELP = `Usage: docugen-secrets docs [--manifests DIR] [--out FILE] [--check]

Generates the secrets reference (rotation cadence, expiry, owners, emergency
contacts and procedures) from the manifests.

Options:
  --manifests DIR   manifests folder (default: secrets-manifests)
  --out FILE        output file (default: docs/secrets.md)
  --check           do not write; exit 1 when the file is out of date (CI)
  -h, --help        show this help

${exitCodesHelp('the file is out of date (--check) or a manifest is invalid')}
`;

async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(ctx.argv, { manifests: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } }, false);
  const [{ loadManifests }, { renderSecretsReference }] = await Promise.all([import('@docugen-secrets/manifest'), import('@docugen-secrets/docs')]);
  const result = await loadManifests([values.manifests ?? 'secrets-manifests'], { cwd: ctx.cwd });
  await assertManifestPaths(result.pathProblems);
  const invalid = result.manifests.filter((m) => !m.manifest);
  if (invalid.length > 0) {
    ctx.stderr.write(`docs: ${invalid.length} manifest(s) are invalid; run docugen-secrets check first (${invalid.map((m) => m.file).join(', ')})\n`);
    return EXIT.FINDINGS;
  }
  const text = `${renderSecretsReference(result.manifests.flatMap((m) => (m.manifest ? [m.manifest] : [])))}\n`;
  const out = join(ctx.cwd, values.out ?? 'docs/secrets.md');
  if (values.check) {
    const current = await readFile(out, 'utf8').catch(() => '');
    if (current === text) return EXIT.OK;
    ctx.stderr.write(`${values.out ?? 'docs/secrets.md'} is out of date: run npx docugen-secrets docs and commit the result\n`);
    return EXIT.FINDINGS;
  }
  await writeFileAtomic(out, text);
  ctx.stdout.write(`wrote ${values.out ?? 'docs/secrets.md'} (${result.manifests.length} secrets)\n`);
  return EXIT.OK;
}

export const docsCommand: Command = { name: 'docs', summary: 'Generate the secrets reference from the manifests', help: HELP, run };
