import { publishError } from './errors.js';
import type { Git } from './git.js';
import { treeWith } from './tree.js';

/** The outcome of replaying local commits onto the remote branch. */
export interface Replayed {
  /** The new local head: upstream plus what was kept (upstream itself when nothing was). */
  readonly head: string;
  /** Files changed both upstream and locally, to different content: left as upstream has them. */
  readonly conflicts: readonly string[];
  /** Whether the run's own commit survived (some of its files were kept). */
  readonly runCommitKept: boolean;
}

export interface ReplayInput {
  /** The remote branch's commit, just fetched. */
  readonly upstream: string;
  /** The local head (the run's commit, and any earlier unpushed ones). */
  readonly ours: string;
  /** The run's commit: its message is rebuilt from the files it keeps. */
  readonly runCommit: string | undefined;
  /** The run commit's message for the files it keeps. */
  readonly message: (kept: readonly string[]) => string;
}

/**
 * Replays the local commits onto `upstream`, like a rebase, but file by
 * file and in the object database only: a file that upstream also changed,
 * to a different content, is a conflict and keeps upstream's version (a
 * SOPS file merged line by line would no longer match its MAC, so even a
 * textually clean merge of the same file is a conflict); every other file
 * of each commit is applied as it is. Commits left empty are dropped.
 * Nothing but unreferenced objects exists until the caller moves the branch.
 */
export async function replayOnto(git: Git, input: ReplayInput): Promise<Replayed> {
  const base = (await git.attempt(['merge-base', input.ours, input.upstream])).stdout.trim();
  if (base === '')
    throw publishError(
      'PUBLISH_GIT_FAILED',
      `the local branch in ${git.root} shares no history with the remote branch: check out the remote branch and rerun`,
    );
  const upstreamChanged = new Set(await git.changedPaths(base, input.upstream));
  const commits = (await git.run(['rev-list', '--reverse', `${base}..${input.ours}`])).split('\n').filter(Boolean);
  const conflicts = new Set<string>();
  for (const path of await git.changedPaths(base, input.ours)) {
    if (upstreamChanged.has(path) && (await git.blob(input.upstream, path)) !== (await git.blob(input.ours, path)))
      conflicts.add(path);
  }
  let head = input.upstream;
  let runCommitKept = false;
  for (const commit of commits) {
    const kept = (await git.changedPaths(`${commit}^`, commit)).filter((p) => !conflicts.has(p));
    const files = new Map<string, string | undefined>();
    for (const p of kept) files.set(p, await git.blob(commit, p));
    const parentTree = (await git.run(['rev-parse', `${head}^{tree}`])).trim();
    const tree = await treeWith(git, parentTree, files);
    if (tree === undefined || tree === parentTree) continue;
    const isRun = commit === input.runCommit;
    const message = isRun ? input.message(kept) : await git.run(['log', '-1', '--format=%B', commit]);
    head = (await git.run(['commit-tree', tree, '-p', head, '-F', '-'], message)).trim();
    runCommitKept ||= isRun;
  }
  return { head, conflicts: [...conflicts].sort(), runCommitKept };
}
