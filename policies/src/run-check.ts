import { dirname, join, resolve, sep } from 'node:path';
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
import type { BaseState, GitPort } from './git.js';
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
function policyPaths(dir: string | undefined): string[] {
  return dir === undefined ? [] : [dir, join(dirname(dir), CODEOWNERS_PATH)];
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

/** The git questions of a `--changed` run, asked as early as the policies folder is known. */
type GitAnswer =
  | { readonly kind: 'plain'; readonly changed: Promise<readonly string[]> }
  | { readonly kind: 'cached'; readonly state: Promise<BaseState>; readonly cache: Promise<LoadedCache> };

function askGit(opts: RunCheckOptions, policiesDir: string | undefined): GitAnswer | undefined {
  if (opts.changedSince === undefined) return undefined;
  if (!opts.git) throw new Error('changedSince needs a git port');
  // One question to git for the policy files and the manifests: each git process costs more than many manifests.
  const roots = opts.paths.map((p) => resolve(opts.cwd, p));
  const paths = [...policyPaths(policiesDir), ...roots];
  const guard = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => undefined);
    return work;
  };
  const store = opts.factsCache;
  if (store && opts.git.atBase) {
    const state = guard(opts.git.atBase(opts.changedSince, paths, roots));
    // The cache is read as soon as git says where it is, beside the listing and the policy files.
    return { kind: 'cached', state, cache: guard(state.then((s) => loadCache(store, s))) };
  }
  return { kind: 'plain', changed: guard(opts.git.changedFiles(opts.changedSince, paths)) };
}

interface LoadedCache {
  readonly store: FactsCacheStore;
  readonly file: string;
  readonly cache: FactsCache;
  /** Blob ids of the files under the folders the cache had no snapshot for, when it had none. */
  readonly blobs?: Promise<ReadonlyMap<string, string>>;
}

/** Reads the cache while git lists the changes, and starts listing blob ids for its misses. */
async function loadCache(store: FactsCacheStore, state: BaseState): Promise<LoadedCache> {
  const text = await store.load(state.cacheFile).catch(() => undefined);
  const cache = factsCache(text, state.objects);
  const loaded = { store, file: state.cacheFile, cache };
  if (cache.misses.length === 0) return loaded;
  const blobs = state.blobsUnder(cache.misses);
  blobs.catch(() => undefined);
  return { ...loaded, blobs };
}

async function selectFull(
  opts: RunCheckOptions,
  files: readonly string[],
  policies: PolicyFiles | undefined,
  git: GitAnswer | undefined,
): Promise<{ full?: Set<string>; changed?: CheckOutcome['changed']; cache?: LoadedCache }> {
  if (!git) return {};
  const all = git.kind === 'cached' ? await (await git.state).changed : await git.changed;
  const policy = policyPaths(policies?.dir);
  const touched = all.filter((f) => isUnder(f, policy)).length;
  if (touched > 0)
    return {
      changed: { files: files.length, fullCheckReason: `policy files changed since ${opts.changedSince} (${touched})` },
    };
  const changed = new Set(all);
  const full = new Set(files.filter((f) => changed.has(f)));
  const cache = git.kind === 'cached' ? await git.cache : undefined;
  if (cache?.blobs) cache.cache.addBlobs(await cache.blobs);
  return { full, changed: { files: full.size }, ...(cache ? { cache } : {}) };
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
  const read = readOnce(opts.read ?? readTextFile);
  const dir = opts.policiesDir === null ? undefined : (opts.policiesDir ?? (await findPoliciesDir(opts.cwd, read)));
  const policiesDir = dir === undefined ? undefined : resolve(opts.cwd, dir);
  // git runs beside the listing and the policy files' loading (its processes take the other core).
  const git = askGit(opts, policiesDir);
  const rules = dir === undefined ? [] : docugenRules;
  const [listed, policies] = await Promise.all([
    listManifestFiles(opts.paths, { cwd: opts.cwd, ...(opts.fs ? { fs: opts.fs } : {}) }),
    policiesDir === undefined ? undefined : loadPolicyFiles(policiesDir, { cwd: opts.cwd, now: opts.now, rules, read }),
  ]);
  const selection = await selectFull(opts, listed.files, policies, git);
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
