import { access, appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import type { CheckOutcome } from '@docugen-secrets/policies';
import type * as PolicyEngine from '@docugen-secrets/policy-engine';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { assertManifestPaths } from '../files.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';

const HELP = `Usage: docugen-secrets check [paths...] [options]

Validates secret manifests (files or folders of *.yaml) against the manifest
schema and DocuGen's policies (policies/: rules as code, config.yaml,
waivers.yaml, teams.yaml) and reports every problem with file:line:col and a
stable code (MANIFEST_* for the schema, SM001… for policies: docs/policies/).

Options:
  --format FORMAT    output on stdout: text (default; colour on a terminal), json,
                     sarif (SARIF 2.1.0), github (workflow annotations, capped at
                     GitHub's per-step limit) or summary (markdown job summary)
  --sarif FILE       also write the SARIF 2.1.0 report to FILE
  --summary FILE     also append the markdown summary to FILE, e.g.
                     --summary "$GITHUB_STEP_SUMMARY" (lists what annotations could not)
  --fail-on LEVEL    error or warning: the lowest severity that fails the check
                     after waivers (default: failOn in policies/config.yaml, else error)
  --changed BASE     re-check only the manifests changed since git revision BASE
                     (committed, staged, unstaged or untracked); cross-manifest rules
                     still see every manifest. A change under policies/ or to
                     .github/CODEOWNERS makes it a full check. Facts of unchanged
                     manifests are cached by content in the git dir
                     (docugen-secrets/facts-v2.json; safe to delete).
  --policies DIR     the policies folder (default: policies/ in the working directory
                     or its nearest parent that has policies/config.yaml; when there
                     is none, only the schema is checked)
  -h, --help         show this help

Paths default to secrets-manifests/.
Waivers (policies/waivers.yaml) accept a rule's findings for a secret until a
date; reports show the verdict without and with them.
${exitCodesHelp('a finding at or above --fail-on remains after waivers')}
`;

const TOOL = {
  name: 'docugen-secrets',
  version: '0.1.0',
  informationUri: 'https://github.com/docugen/docugen-secrets',
};
const FORMATS = ['text', 'json', 'sarif', 'github', 'summary'] as const;
type Format = (typeof FORMATS)[number];

type Engine = typeof PolicyEngine;

interface Rendered {
  readonly stdout: string;
  readonly overflow: number;
}

function notes(outcome: CheckOutcome, changedSince: string | undefined): string {
  const out: string[] = [];
  if (outcome.policiesDir === undefined)
    out.push('note: no policies/config.yaml in this folder or above it: schema checks only (use --policies DIR)');
  if (changedSince !== undefined && outcome.changed) {
    out.push(
      outcome.changed.fullCheckReason
        ? `note: full check: ${outcome.changed.fullCheckReason}`
        : `note: ${outcome.changed.files} manifest(s) changed since ${changedSince}`,
    );
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function render(engine: Engine, format: Format, outcome: CheckOutcome, ctx: CommandContext): Rendered {
  const { report, rules } = outcome;
  switch (format) {
    case 'text':
      return { stdout: engine.formatText(report, { color: ctx.isTTY }), overflow: 0 };
    case 'json':
      return { stdout: engine.formatJson(report), overflow: 0 };
    case 'sarif':
      return { stdout: engine.formatSarif(report, rules, TOOL), overflow: 0 };
    case 'github': {
      const a = engine.formatGithubAnnotations(report);
      return { stdout: a.text, overflow: a.overflow.length };
    }
    case 'summary':
      return { stdout: engine.formatMarkdownSummary(report, rules), overflow: 0 };
  }
}

async function writeExtras(
  engine: Engine,
  ctx: CommandContext,
  outcome: CheckOutcome,
  files: { sarif?: string | undefined; summary?: string | undefined },
  overflow: number,
): Promise<void> {
  if (files.sarif !== undefined)
    await writeFileAtomic(resolve(ctx.cwd, files.sarif), engine.formatSarif(outcome.report, outcome.rules, TOOL));
  // $GITHUB_STEP_SUMMARY is appended to, as GitHub documents (other steps may write too).
  if (files.summary !== undefined)
    await appendFile(
      resolve(ctx.cwd, files.summary),
      engine.formatMarkdownSummary(outcome.report, outcome.rules, { overflow }),
    );
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, {
    format: { type: 'string' },
    sarif: { type: 'string' },
    summary: { type: 'string' },
    'fail-on': { type: 'string' },
    changed: { type: 'string' },
    policies: { type: 'string' },
  });
  const format = oneOf('format', values.format, FORMATS, 'text');
  const failOn =
    values['fail-on'] === undefined ? undefined : oneOf('fail-on', values['fail-on'], ['error', 'warning'], 'error');
  if (values.changed !== undefined && (values.changed.trim() === '' || values.changed.startsWith('-')))
    throw usageError('--changed needs a git revision (e.g. --changed origin/main)');
  const paths = positionals.length > 0 ? positionals : ['secrets-manifests'];
  if (values.policies !== undefined)
    await access(resolve(ctx.cwd, values.policies, 'config.yaml')).catch(() => {
      throw usageError(`--policies ${values.policies}: no config.yaml there`);
    });
  const [policies, engine] = await Promise.all([
    import('@docugen-secrets/policies'),
    import('@docugen-secrets/policy-engine'),
  ]);
  const outcome = await policies.runCheck({
    paths,
    cwd: ctx.cwd,
    now: ctx.clock.now(),
    ...(values.policies === undefined ? {} : { policiesDir: values.policies }),
    ...(failOn === undefined ? {} : { failOn }),
    ...(values.changed === undefined
      ? {}
      : { changedSince: values.changed, git: policies.gitCli(ctx.cwd), factsCache: policies.fileFactsCacheStore }),
  });
  await assertManifestPaths(outcome.pathProblems);
  const out = render(engine, format, outcome, ctx);
  ctx.stdout.write(format === 'text' ? `${notes(outcome, values.changed)}${out.stdout}` : out.stdout);
  await writeExtras(engine, ctx, outcome, { sarif: values.sarif, summary: values.summary }, out.overflow);
  return outcome.report.summary.verdict === 'fail' ? EXIT.FINDINGS : EXIT.OK;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate secret manifests (schema and policies)',
  help: HELP,
  run,
};
