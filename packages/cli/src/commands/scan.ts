import { appendFile, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '@docugen-secrets/core';
import type { AllowlistProblem, LoadedAllowlist, ScanMode } from '@docugen-secrets/leak-scan';
import type * as PolicyEngine from '@docugen-secrets/policy-engine';
import type { FailOn, PolicyReport, RuleDescriptor } from '@docugen-secrets/policy-engine';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { exitCodesHelp } from '../exit-codes.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';
import { SHOWN_PROPERTIES, leakRuleDescriptors, scanReport, scanSubject } from './scan-report.js';

const DEFAULT_ALLOWLIST = 'policies/leak-allowlist.yaml';
const TOOL = {
  name: 'docugen-secrets leak-scan',
  version: '0.1.0',
  informationUri: 'https://github.com/docugen/docugen-secrets',
};
const TITLE = 'docugen-secrets scan';
const FORMATS = ['text', 'json', 'sarif', 'github', 'summary'] as const;
type Format = (typeof FORMATS)[number];
type Engine = typeof PolicyEngine;

const HELP = `Usage: docugen-secrets scan [paths...] [--staged | --diff BASE] [options]

Finds secret values (cloud keys, tokens, private keys, JWTs, age keys and
high-entropy values next to secret-ish names) in files, using gitleaks' rules
and entropy thresholds. Findings show a redacted prefix and a fingerprint,
never the value.

What is scanned:
  (no paths)           every git-tracked file of the current folder (git ls-files)
  paths...             these files, and these folders walked (node_modules, .git,
                       dist, .nx, out-tsc and coverage are skipped)
  --staged             the staged content of files changed in the index; only
                       lines the staged change adds are reported
  --diff BASE          working-tree files changed since BASE (a commit, branch or
                       tag); only lines added since BASE are reported
Binary files (NUL bytes) and files over 2 MiB are skipped with a note.

Options:
  --format FORMAT      output on stdout: text (default; colour on a terminal), json,
                       sarif (SARIF 2.1.0), github (workflow annotations, capped at
                       GitHub's per-step limit) or summary (markdown job summary)
  --sarif FILE         also write the SARIF 2.1.0 report to FILE
  --summary FILE       also append the markdown summary to FILE, e.g.
                       --summary "$GITHUB_STEP_SUMMARY" (lists what annotations could not)
  --fail-on LEVEL      error or warning: the lowest severity that fails the scan
                       (default: warning, i.e. any finding)
  --allowlist FILE     allowlist file (default: ${DEFAULT_ALLOWLIST} when it exists)
  -h, --help           show this help

Silence one line with a "gitleaks:allow" or "docugen-secrets:allow" comment;
allowlist test material in ${DEFAULT_ALLOWLIST} (every entry needs a reason).
Rules: docs/policies/leak-scan.md
${exitCodesHelp('a finding at or above --fail-on (2: an allowlist problem)')}
`;

async function readAllowlist(ctx: CommandContext, explicit: string | undefined): Promise<LoadedAllowlist> {
  const { loadAllowlist } = await import('@docugen-secrets/leak-scan');
  const file = explicit ?? DEFAULT_ALLOWLIST;
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch {
    if (explicit !== undefined) throw usageError(`allowlist ${explicit} cannot be read`);
    return { entries: [], problems: [] };
  }
  return loadAllowlist(text, file, { now: ctx.clock.now() });
}

function modeOf(staged: boolean | undefined, diff: string | undefined): ScanMode {
  if (staged === true && diff !== undefined) throw usageError('--staged and --diff cannot be combined');
  if (diff !== undefined) {
    if (diff.trim() === '' || diff.startsWith('-'))
      throw usageError('--diff needs a base revision (e.g. --diff origin/main)');
    return { kind: 'diff', base: diff };
  }
  return staged === true ? { kind: 'staged' } : { kind: 'worktree' };
}

function exitCode(report: PolicyReport, problems: readonly AllowlistProblem[]): number {
  if (problems.length > 0) return EXIT.USAGE;
  return report.summary.verdict === 'fail' ? EXIT.FINDINGS : EXIT.OK;
}

interface Rendering {
  readonly engine: Engine;
  readonly report: PolicyReport;
  readonly rules: readonly RuleDescriptor[];
  readonly subject: string;
}

function render(r: Rendering, format: Format, ctx: CommandContext): { stdout: string; overflow: number } {
  const { engine, report, rules, subject } = r;
  switch (format) {
    case 'text':
      return {
        stdout: engine.formatText(report, { color: ctx.isTTY, subject, properties: SHOWN_PROPERTIES }),
        overflow: 0,
      };
    case 'json':
      return { stdout: engine.formatJson(report), overflow: 0 };
    case 'sarif':
      return { stdout: engine.formatSarif(report, rules, TOOL), overflow: 0 };
    case 'github': {
      const a = engine.formatGithubAnnotations(report);
      return { stdout: a.text, overflow: a.overflow.length + a.overflowNotifications.length };
    }
    case 'summary':
      return { stdout: summary(r, 0), overflow: 0 };
  }
}

function summary({ engine, report, rules, subject }: Rendering, overflow: number): string {
  return engine.formatMarkdownSummary(report, rules, {
    title: TITLE,
    subject: `${subject.charAt(0).toUpperCase()}${subject.slice(1)}`,
    overflow,
    properties: SHOWN_PROPERTIES,
  });
}

async function writeExtras(
  r: Rendering,
  ctx: CommandContext,
  files: { sarif?: string | undefined; summary?: string | undefined },
  overflow: number,
): Promise<void> {
  if (files.sarif !== undefined)
    await writeFileAtomic(resolve(ctx.cwd, files.sarif), r.engine.formatSarif(r.report, r.rules, TOOL));
  // $GITHUB_STEP_SUMMARY is appended to, as GitHub documents (the check step writes there too).
  if (files.summary !== undefined) await appendFile(resolve(ctx.cwd, files.summary), summary(r, overflow));
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, {
    staged: { type: 'boolean' },
    diff: { type: 'string' },
    format: { type: 'string' },
    sarif: { type: 'string' },
    summary: { type: 'string' },
    'fail-on': { type: 'string' },
    allowlist: { type: 'string' },
  });
  const format = oneOf('format', values.format, FORMATS, 'text');
  const failOn: FailOn = oneOf('fail-on', values['fail-on'], ['error', 'warning'], 'warning');
  const mode = modeOf(values.staged, values.diff);
  const allowlist = await readAllowlist(ctx, values.allowlist);
  const [leak, engine] = await Promise.all([
    import('@docugen-secrets/leak-scan'),
    import('@docugen-secrets/policy-engine'),
  ]);
  const paths = positionals.map((p) => leak.toScanPath(ctx.cwd, p));
  const result = await leak.scanFiles(paths, leak.createNodeScanIo(ctx.cwd), {
    mode,
    allowlist: leak.compileAllowlist(allowlist.entries),
  });
  const report = scanReport(engine, result, allowlist.problems, failOn);
  const r: Rendering = {
    engine,
    report,
    rules: leakRuleDescriptors(leak.LEAK_RULES, engine.DEFAULT_DOCS_BASE),
    subject: scanSubject(result),
  };
  const out = render(r, format, ctx);
  ctx.stdout.write(out.stdout);
  await writeExtras(r, ctx, { sarif: values.sarif, summary: values.summary }, out.overflow);
  return exitCode(report, allowlist.problems);
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Find leaked secret values in tracked, staged or changed files',
  help: HELP,
  run,
};
