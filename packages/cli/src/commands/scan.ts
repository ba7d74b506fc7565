import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AllowlistProblem, LoadedAllowlist, ScanMode } from '@docugen-secrets/leak-scan';
import { EXIT, type Command, type CommandContext } from '../command.js';
import { oneOf, parseCommandArgs, usageError } from '../usage.js';

const DEFAULT_ALLOWLIST = 'policies/leak-allowlist.yaml';

const HELP = `Usage: docugen-secrets scan [paths...] [--staged | --diff BASE] [--format text|json|sarif] [--allowlist FILE]

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
  --format text|json|sarif   output format (default: text)
  --allowlist FILE           allowlist file (default: ${DEFAULT_ALLOWLIST} when it exists)
  -h, --help                 show this help

Silence one line with a "gitleaks:allow" or "docugen-secrets:allow" comment;
allowlist test material in ${DEFAULT_ALLOWLIST} (every entry needs a reason).
Rules: docs/policies/leak-scan.md
Exit codes: 0 no findings, 1 findings, 2 usage error, allowlist problem or
internal error (e.g. not a git repository).
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
    if (diff.trim() === '' || diff.startsWith('-')) throw usageError('--diff needs a base revision (e.g. --diff origin/main)');
    return { kind: 'diff', base: diff };
  }
  return staged === true ? { kind: 'staged' } : { kind: 'worktree' };
}

function exitCode(findings: number, problems: readonly AllowlistProblem[]): number {
  if (problems.length > 0) return EXIT.USAGE;
  return findings > 0 ? EXIT.FINDINGS : EXIT.OK;
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.argv, {
    staged: { type: 'boolean' },
    diff: { type: 'string' },
    format: { type: 'string' },
    allowlist: { type: 'string' },
  });
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'], 'text');
  const mode = modeOf(values.staged, values.diff);
  const allowlist = await readAllowlist(ctx, values.allowlist);
  const leak = await import('@docugen-secrets/leak-scan');
  const result = await leak.scanFiles(positionals, leak.createNodeScanIo(ctx.cwd), { mode, allowlist: leak.compileAllowlist(allowlist.entries) });
  const input = { result, problems: allowlist.problems };
  const out = format === 'json' ? leak.formatJson(input) : format === 'sarif' ? leak.formatSarif(input) : leak.formatText(input);
  ctx.stdout.write(out);
  return exitCode(result.findings.length, allowlist.problems);
}

export const scanCommand: Command = { name: 'scan', summary: 'Find leaked secret values in tracked, staged or changed files', help: HELP, run };
