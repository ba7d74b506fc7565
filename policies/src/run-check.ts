import { join, resolve, sep } from 'node:path';
import type { Finding } from '@docugen-secrets/core';
import type { LoadedManifest, ManifestFs, PathProblem } from '@docugen-secrets/manifest';
import {
  checkManifest,
  collectManifests,
  describeRules,
  factsCache,
  listManifestFiles,
  resolveRules,
  reportFor,
  type CheckContext,
  type FactsCache,
  type FailOn,
  type PolicyReport,
  type RuleDescriptor,
} from '@docugen-secrets/policy-engine';
import { CODEOWNERS_PATH } from './codeowners.js';
import type { DocugenEnv } from './env.js';
import type { FactsCacheStore } from './facts-cache-store.js';
import type { GitPort } from './git.js';
import {
  findPoliciesDir,
  loadPolicyFiles,
  readTextFile,
  repoPathMapper,
  type PolicyFiles,
  type ReadText,
} from './policy-files.js';
import { docugenRules } from './rules/index.js';

export interface RunCheckOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  /** Waiver expiry is judged against this instant. */
  readonly now: Date;
  /** The policies folder; omitted: `policies/` in cwd or the nearest parent; `null`: schema checks only. */
  readonly policiesDir?: string | null;
  readonly failOn?: FailOn;
  /** Re-check only manifests changed since this git revision (plus what cross-manifest rules need). */
  readonly changedSince?: string;
  readonly git?: GitPort;
  /**
   * With `changedSince` and a git port that gives blob ids: facts of unchanged
   * manifests are kept here by content, so a later run need not read them.
   */
  readonly factsCache?: FactsCacheStore;
  readonly fs?: ManifestFs;
  readonly read?: ReadText;
}

export interface CheckOutcome {
  readonly report: PolicyReport;
  /** Descriptors of the rules that ran (for SARIF and summaries). */
  readonly rules: readonly RuleDescriptor[];
  /** Named paths that hold no manifest: missing, unusable or empty (a usage error). */
  readonly pathProblems: readonly PathProblem[];
  /** The policies folder used, absolute; undefined for schema-only. */
  readonly policiesDir?: string;
  /** With `changedSince`: how many manifests changed, or why a full check ran instead. */
  readonly changed?: { readonly files: number; readonly fullCheckReason?: string };
}

/** The policy files whose change forces a full check: the policies folder and CODEOWNERS. */
function policyPaths(policies: PolicyFiles | undefined): string[] {
  return policies ? [policies.dir, join(policies.root, CODEOWNERS_PATH)] : [];
}

function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : `${r}${sep}`));
}

function envFor(cwd: string, policies: PolicyFiles | undefined): DocugenEnv {
  if (!policies) return { repoPath: () => undefined };
  return {
    repoPath: repoPathMapper(cwd, policies.root),
    ...(policies.teams ? { teams: policies.teams } : {}),
    ...(policies.codeowners ? { codeowners: policies.codeowners } : {}),
  };
}

async function selectFull(
  opts: RunCheckOptions,
  files: readonly string[],
  policies: PolicyFiles | undefined,
): Promise<{ full?: Set<string>; changed?: CheckOutcome['changed']; cache?: LoadedCache }> {
  if (opts.changedSince === undefined) return {};
  if (!opts.git) throw new Error('changedSince needs a git port');
  // One question to git for the policy files and the manifests: each git process costs more than many manifests.
  const policy = policyPaths(policies);
  const paths = [...policy, ...opts.paths.map((p) => resolve(opts.cwd, p))];
  const answer =
    opts.factsCache && opts.git.changesWithBlobs
      ? await opts.git.changesWithBlobs(opts.changedSince, paths)
      : { changed: await opts.git.changedFiles(opts.changedSince, paths) };
  const all = answer.changed;
  const touched = all.filter((f) => isUnder(f, policy)).length;
  if (touched > 0)
    return {
      changed: { files: files.length, fullCheckReason: `policy files changed since ${opts.changedSince} (${touched})` },
    };
  const changed = new Set(all);
  const full = new Set(files.filter((f) => changed.has(f)));
  const cache = opts.factsCache && 'blobs' in answer ? await loadCache(opts.factsCache, answer) : undefined;
  return { full, changed: { files: full.size }, ...(cache ? { cache } : {}) };
}

interface LoadedCache {
  readonly store: FactsCacheStore;
  readonly file: string;
  readonly cache: FactsCache;
}

async function loadCache(
  store: FactsCacheStore,
  answer: { blobs: ReadonlyMap<string, string>; cacheFile: string },
): Promise<LoadedCache> {
  const text = await store.load(answer.cacheFile).catch(() => undefined);
  return { store, file: answer.cacheFile, cache: factsCache(text, answer.blobs) };
}

/** Writes the cache back when this run added to it; a failure never fails the check. */
async function saveCache(loaded: LoadedCache | undefined): Promise<void> {
  if (!loaded?.cache.changed) return;
  await loaded.store.save(loaded.file, loaded.cache.serialize()).catch(() => undefined);
}

/** Memoises `read` per path for one run: finding the policies folder already read its config.yaml. */
function readOnce(read: ReadText): ReadText {
  const seen = new Map<string, Promise<string | undefined>>();
  return (path) => {
    let text = seen.get(path);
    if (!text) {
      text = read(path);
      seen.set(path, text);
    }
    return text;
  };
}

/**
 * `docugen-secrets check`, minus argument parsing and output: finds and loads
 * the policy files, lists the manifests, loads the changed ones (or all) in
 * full and the rest as facts, runs the schema and every rule, applies waivers
 * and returns the report. The I/O is behind `fs`, `read` and `git`.
 */
export async function runCheck(opts: RunCheckOptions): Promise<CheckOutcome> {
  const listed = await listManifestFiles(opts.paths, { cwd: opts.cwd, ...(opts.fs ? { fs: opts.fs } : {}) });
  const read = readOnce(opts.read ?? readTextFile);
  const dir = opts.policiesDir === null ? undefined : (opts.policiesDir ?? (await findPoliciesDir(opts.cwd, read)));
  const rules = dir === undefined ? [] : docugenRules;
  const policies =
    dir === undefined
      ? undefined
      : await loadPolicyFiles(resolve(opts.cwd, dir), { cwd: opts.cwd, now: opts.now, rules, read });
  const selection = await selectFull(opts, listed.files, policies);
  const config = policies?.config ?? (await resolveRules([], { rules: {} }, undefined)).config;
  const policyFindings: Finding[] = [...(policies?.findings ?? [])];
  const ctx: CheckContext<DocugenEnv> = {
    rules,
    config,
    waivers: policies?.waivers ?? [],
    env: envFor(opts.cwd, policies),
    policyFindings,
    mode: selection.full ? 'changed' : 'full',
    ...(opts.failOn ? { failOn: opts.failOn } : {}),
  };
  // Each manifest is checked as soon as it is read, so its YAML document can be freed.
  const set = await collectManifests(listed.files, {
    cwd: opts.cwd,
    ...(opts.fs ? { fs: opts.fs } : {}),
    ...(selection.full ? { full: selection.full } : {}),
    ...(selection.cache ? { factsCache: selection.cache.cache } : {}),
    onLoaded: (m: LoadedManifest) => checkManifest(ctx, m),
  });
  await saveCache(selection.cache);
  const report = reportFor(ctx, set.checked, set.facts);
  return {
    report,
    rules: describeRules(rules, config.docsBaseUri),
    pathProblems: listed.pathProblems,
    ...(policies ? { policiesDir: policies.dir } : {}),
    ...(selection.changed ? { changed: selection.changed } : {}),
  };
}
