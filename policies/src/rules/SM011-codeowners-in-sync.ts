import { posix } from 'node:path';
import { setRule, type ManifestFacts, type SchemaCheck, type SetViolation } from '@docugen-secrets/policy-engine';
import {
  CODEOWNERS_PATH,
  manifestPattern,
  type CodeownersExtra,
  type CodeownersFile,
  type CodeownersLine,
} from '../codeowners.js';
import type { DocugenEnv } from '../env.js';
import { validateSM011Options } from '../generated/validators.generated.js';
import type { TeamRegistry } from '../teams.js';
import optionsSchema from './options/SM011.schema.json' with { type: 'json' };
import { docsPath, type DocugenSetRule } from './util.js';

export interface CodeownersOptions {
  readonly extra: readonly CodeownersExtra[];
}

const FIX = 'run `npx docugen-secrets codeowners` and commit the result';

function manifestViolation(
  f: ManifestFacts,
  repoPath: string,
  teams: TeamRegistry,
  codeowners: CodeownersFile | undefined,
  line: CodeownersLine | undefined,
): SetViolation | undefined {
  const team = f.ownerTeam === undefined ? undefined : teams.bySlug.get(f.ownerTeam);
  // An owner team missing from the registry is SM006's finding.
  if (!team) return undefined;
  const at = (): string[] => ['owner', 'team'];
  if (!codeowners)
    return {
      file: f.file,
      at: at(),
      message: `${CODEOWNERS_PATH} is missing, so nobody must review changes to ${repoPath}: ${FIX}`,
    };
  if (!line)
    return {
      file: f.file,
      at: at(),
      message: `${CODEOWNERS_PATH} does not give ${repoPath} to its owner team ${team.github}: ${FIX}`,
    };
  if (line.owners.length !== 1 || line.owners[0] !== team.github) {
    return {
      file: f.file,
      at: at(),
      message: `${CODEOWNERS_PATH}:${line.line} gives ${repoPath} to ${line.owners.join(' ')}, not to its owner team ${team.github}: ${FIX}`,
    };
  }
  return undefined;
}

/** `posix.dirname` without its general parsing for the usual `/folder/file.yaml` (it runs once per manifest). */
function folderOf(pattern: string): string {
  const slash = pattern.lastIndexOf('/');
  return slash > 0 && slash < pattern.length - 1 && !pattern.includes('//')
    ? pattern.slice(0, slash)
    : posix.dirname(pattern);
}

/** What the manifests say about CODEOWNERS: the lines they match (the last of each pattern) and their folders. */
interface Expected {
  readonly byPattern: ReadonlyMap<string, CodeownersLine>;
  readonly matched: ReadonlySet<CodeownersLine>;
  readonly dirs: ReadonlySet<string>;
}

/** Lines for a `*.yaml` file beside the manifests that no manifest matches. */
function staleLines(codeowners: CodeownersFile, expected: Expected): SetViolation[] {
  const stale = (l: CodeownersLine): boolean => {
    const canonical = expected.byPattern.get(l.pattern);
    return canonical !== undefined && !expected.matched.has(canonical);
  };
  return codeowners.lines
    .filter((l) => /\.ya?ml$/i.test(l.pattern) && stale(l) && expected.dirs.has(folderOf(l.pattern)))
    .map((l) => ({
      file: codeowners.file,
      at: [],
      range: { start: { line: l.line, col: 1 }, end: { line: l.line, col: l.pattern.length + 1 } },
      message: `${l.pattern} is not a manifest any more (renamed or removed?): ${FIX}`,
    }));
}

/**
 * SM011 — `.github/CODEOWNERS` gives every manifest to its owner team, so a
 * change to a secret's manifest needs that team's review. The generator
 * command writes the file; this rule only checks it is in sync.
 */
export const SM011: DocugenSetRule<CodeownersOptions> = setRule({
  id: 'SM011',
  name: 'codeowners-in-sync',
  title: '.github/CODEOWNERS gives each manifest to its owner team.',
  description:
    'Changes to a manifest (cadence, consumers, backend) must be reviewed by the team that owns the secret. `docugen-secrets codeowners` writes one CODEOWNERS line per manifest from owner.team and the team registry; this rule fails when the file is missing, a manifest has no or the wrong line, or a line names a manifest that no longer exists.',
  severity: 'error',
  docs: docsPath('SM011'),
  optionsSchema,
  validateOptions: validateSM011Options as SchemaCheck,
  check(facts, { env }: { env: DocugenEnv }): SetViolation[] {
    const teams = env.teams;
    if (!teams) return [];
    const byPattern = new Map((env.codeowners?.lines ?? []).map((l) => [l.pattern, l]));
    // One index of CODEOWNERS: each manifest marks the line it matches, so stale lines need no second set.
    const matched = new Set<CodeownersLine>();
    const dirs = new Set<string>();
    const out: SetViolation[] = [];
    // Indexed: once per manifest, in code that runs once per process (no iterator result per step).
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i];
      const repoPath = f === undefined ? undefined : env.repoPath(f.file);
      if (f === undefined || repoPath === undefined) continue;
      const pattern = manifestPattern(repoPath);
      dirs.add(folderOf(pattern));
      const line = byPattern.get(pattern);
      if (line) matched.add(line);
      const v = manifestViolation(f, repoPath, teams, env.codeowners, line);
      if (v) out.push(v);
    }
    return env.codeowners ? [...out, ...staleLines(env.codeowners, { byPattern, matched, dirs })] : out;
  },
});
