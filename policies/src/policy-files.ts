import { isAscii } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Finding } from '@docugen-secrets/core';
import { displayPath } from '@docugen-secrets/manifest';
import {
  loadPolicyConfig,
  loadWaivers,
  resolveRules,
  type PolicyConfig,
  type Rule,
  type Waiver,
} from '@docugen-secrets/policy-engine';
import type { DocugenPolicyCode } from './codes.js';
import { CODEOWNERS_PATH, parseCodeowners, type CodeownersFile } from './codeowners.js';
import type { DocugenEnv } from './env.js';
import { loadTeams, type TeamRegistry } from './teams.js';

/** Reads a text file, or undefined when it does not exist. */
export type ReadText = (path: string) => Promise<string | undefined>;

export const readTextFile: ReadText = async (path) => {
  try {
    const bytes = await readFile(path);
    // Policy files and CODEOWNERS (10,000 lines in a large estate) are mostly ASCII, which latin1 decodes fastest.
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) return undefined;
    throw err;
  }
};

/** Everything in a policies folder (and the repository's CODEOWNERS), loaded and checked. */
export interface PolicyFiles {
  readonly dir: string;
  /** The repository root: the folder that holds `policies/`. */
  readonly root: string;
  readonly config: PolicyConfig;
  readonly waivers: readonly Waiver[];
  readonly teams?: TeamRegistry;
  readonly codeowners?: CodeownersFile;
  readonly findings: readonly Finding[];
}

/** `policies/` in `cwd` or the nearest parent that has `policies/config.yaml`. */
export async function findPoliciesDir(cwd: string, read: ReadText = readTextFile): Promise<string | undefined> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if ((await read(join(dir, 'policies', 'config.yaml'))) !== undefined) return join(dir, 'policies');
    if (dirname(dir) === dir) return undefined;
  }
}

function missing(file: string, what: string): Finding {
  const code: DocugenPolicyCode = 'POLICY_FILE_MISSING';
  return {
    ruleId: code,
    severity: 'error',
    message: `${what} not found: create it (see docs/policies/README.md)`,
    file,
    start: { line: 1, col: 1 },
    end: { line: 1, col: 1 },
  };
}

/**
 * Loads config.yaml, waivers.yaml (optional) and teams.yaml from a policies
 * folder plus the repository's .github/CODEOWNERS, collecting every problem
 * as a positioned finding (display paths relative to `cwd`).
 */
export async function loadPolicyFiles(
  dir: string,
  opts: { cwd: string; now: Date; rules: readonly Rule<DocugenEnv>[]; read?: ReadText },
): Promise<PolicyFiles> {
  const read = opts.read ?? readTextFile;
  const show = (name: string): string => displayPath(opts.cwd, join(dir, name));
  const root = dirname(dir);
  const [configText, waiverText, teamsText, codeownersText] = await Promise.all(
    ['config.yaml', 'waivers.yaml', 'teams.yaml']
      .map((n) => read(join(dir, n)))
      .concat(read(join(root, CODEOWNERS_PATH))),
  );
  const findings: Finding[] = [];
  const loadedConfig =
    configText === undefined
      ? {
          ...(await resolveRules(opts.rules, { rules: {} }, undefined)),
          findings: [missing(show('config.yaml'), 'policy config')],
        }
      : await loadPolicyConfig(show('config.yaml'), configText, opts.rules);
  findings.push(...loadedConfig.findings);
  const waivers =
    waiverText === undefined
      ? { waivers: [], findings: [] }
      : loadWaivers(show('waivers.yaml'), waiverText, { ruleIds: new Set(opts.rules.map((r) => r.id)), now: opts.now });
  findings.push(...waivers.findings);
  const teams =
    teamsText === undefined
      ? { findings: [missing(show('teams.yaml'), 'team registry')] }
      : loadTeams(show('teams.yaml'), teamsText);
  findings.push(...teams.findings);
  const codeowners =
    codeownersText === undefined
      ? undefined
      : parseCodeowners(displayPath(opts.cwd, join(root, CODEOWNERS_PATH)), codeownersText);
  return {
    dir,
    root,
    config: loadedConfig.config,
    waivers: waivers.waivers,
    ...(teams.registry ? { teams: teams.registry } : {}),
    ...(codeowners ? { codeowners } : {}),
    findings,
  };
}

/** A display path with nothing for `join` to normalise: no `.`/`..` segment, empty segment or leading `/`. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))(?!.*\/\.\.?(?:\/|$))(?!.*\/\/)[^/](?:.*[^/])?$/;

/** Maps a display path (relative to `cwd`) to a repository path, or undefined outside `root`. */
export function repoPathMapper(cwd: string, root: string): (file: string) => string | undefined {
  const slow = (file: string): string | undefined => {
    const rel = relative(root, join(cwd, file));
    if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return undefined;
    return rel.split(sep).join('/');
  };
  // Runs once per manifest: with cwd at or under root and a plain path, a prefix is the whole answer.
  const under = relative(root, cwd);
  if (sep !== '/' || under.startsWith('..') || isAbsolute(under)) return slow;
  const prefix = under === '' ? '' : `${under}/`;
  return (file) => (PLAIN_RELATIVE.test(file) ? `${prefix}${file}` : slow(file));
}
