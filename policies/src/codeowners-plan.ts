import { join, resolve } from 'node:path';
import { DocugenError } from '@docugen-secrets/core';
import type { PathProblem } from '@docugen-secrets/manifest';
import { collectManifests, listManifestFiles } from '@docugen-secrets/policy-engine';
import type { DocugenPolicyCode } from './codes.js';
import { CODEOWNERS_PATH, generateCodeowners, type CodeownersExtra, type OwnedManifest } from './codeowners.js';
import { findPoliciesDir, loadPolicyFiles, readTextFile, repoPathMapper, type ReadText } from './policy-files.js';
import { docugenRules } from './rules/index.js';

export interface CodeownersPlan {
  /** Absolute path of the CODEOWNERS file. */
  readonly target: string;
  readonly text: string;
  /** What is there now (undefined: no file). */
  readonly current: string | undefined;
  /** Problems that stop the file from being right: unknown owner teams, unreadable manifests, broken policy files. */
  readonly problems: readonly string[];
  /** Named paths that hold no manifest (a usage error). */
  readonly pathProblems: readonly PathProblem[];
}

/**
 * Works out the CODEOWNERS text for the manifests under `paths`: the owner
 * team of each (read cheaply as facts), mapped to its GitHub team through the
 * registry, after SM011's fixed entries. Pure apart from reading files.
 */
export async function planCodeowners(opts: {
  paths: readonly string[];
  cwd: string;
  now: Date;
  policiesDir?: string;
  read?: ReadText;
}): Promise<CodeownersPlan> {
  const read = opts.read ?? readTextFile;
  const dir =
    opts.policiesDir === undefined ? await findPoliciesDir(opts.cwd, read) : resolve(opts.cwd, opts.policiesDir);
  if (dir === undefined)
    throw new DocugenError<DocugenPolicyCode>(
      'POLICY_FILE_MISSING',
      'no policies/config.yaml in this folder or above it (use --policies DIR)',
    );
  const policies = await loadPolicyFiles(dir, { cwd: opts.cwd, now: opts.now, rules: docugenRules, read });
  const target = join(policies.root, CODEOWNERS_PATH);
  const listed = await listManifestFiles(opts.paths, { cwd: opts.cwd });
  const set = await collectManifests(listed.files, { cwd: opts.cwd, full: new Set() });
  const repoPath = repoPathMapper(opts.cwd, policies.root);
  // Waiver problems do not change who owns what; registry and config problems do.
  const problems: string[] = policies.findings
    .filter((f) => f.severity === 'error' && !f.ruleId.startsWith('WAIVER_'))
    .map((f) => `${f.file}:${f.start.line}:${f.start.col}: ${f.ruleId} ${f.message}`);
  const owned: OwnedManifest[] = [];
  for (const f of set.facts) {
    const path = repoPath(f.file);
    if (path === undefined)
      problems.push(`${f.file}: outside the repository (${policies.root}), so CODEOWNERS cannot name it`);
    else if (f.ownerTeam === undefined)
      problems.push(`${f.file}: no owner.team could be read (run docugen-secrets check on it)`);
    else owned.push({ repoPath: path, ownerTeam: f.ownerTeam });
  }
  const extra = (policies.config.rules.get('SM011')?.options as { extra?: CodeownersExtra[] } | undefined)?.extra ?? [];
  const teams = policies.teams ?? { org: '', people: new Set<string>(), bySlug: new Map(), byRef: new Map() };
  const generated = generateCodeowners(owned, teams, extra);
  for (const u of generated.unknown)
    problems.push(`${u.repoPath}: owner team ${u.ownerTeam} is not in ${policies.dir}/teams.yaml`);
  return { target, text: generated.text, current: await read(target), problems, pathProblems: listed.pathProblems };
}
