/**
 * The in-memory (and state-file) model: plain data, times in epoch
 * milliseconds. Pull requests are issues with a `pull` part, as on GitHub:
 * they share the issue numbers and appear in the issue listing.
 */

export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate';

export interface LabelRecord {
  readonly id: number;
  name: string;
  /** Six hex digits, no '#'. */
  color: string;
  description: string | null;
}

export interface PullPart {
  readonly headRef: string;
  /** The head's owner (`owner:branch` form of `head`). */
  readonly headOwner: string;
  baseRef: string;
  headSha: string;
  baseSha: string;
  draft: boolean;
  maintainerCanModify: boolean;
}

export interface IssueRecord {
  readonly id: number;
  readonly number: number;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason | null;
  /** Label ids, in the order they were added. */
  labelIds: number[];
  /** Logins. */
  assignees: string[];
  readonly author: string;
  readonly createdMs: number;
  updatedMs: number;
  closedMs: number | null;
  closedBy: string | null;
  pull?: PullPart;
}

export interface CommentRecord {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly author: string;
  readonly createdMs: number;
  updatedMs: number;
}

export interface RefRecord {
  /** Full name, `refs/heads/main`. */
  readonly ref: string;
  sha: string;
}

/**
 * A dispatch the server accepted (repository_dispatch or workflow_dispatch):
 * kept in order so tests can see which events a deploy repository received.
 * GitHub itself only starts workflow runs; recording is the fake's stand-in.
 */
export type DispatchRecord =
  | {
      readonly kind: 'repository_dispatch';
      readonly eventType: string;
      readonly clientPayload: Readonly<Record<string, unknown>>;
      readonly createdMs: number;
      readonly sender: string;
    }
  | {
      readonly kind: 'workflow_dispatch';
      /** The workflow file name or numeric id, as sent. */
      readonly workflowId: string;
      /** The full ref the workflow runs on (`refs/heads/main`). */
      readonly ref: string;
      readonly inputs: Readonly<Record<string, unknown>>;
      readonly createdMs: number;
      readonly sender: string;
    };

export interface RepoRecord {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly createdMs: number;
  defaultBranch: string;
  nextNumber: number;
  /** Creation order. */
  issues: IssueRecord[];
  labels: LabelRecord[];
  comments: CommentRecord[];
  refs: RefRecord[];
  /** Accepted dispatch events, oldest first (absent in state files written before dispatches existed). */
  dispatches?: DispatchRecord[];
}

export interface StateData {
  /** Next id of any object (repository, issue, label, comment): ids are unique across kinds, as node ids. */
  nextId: number;
  repos: RepoRecord[];
}

export function newId(data: StateData): number {
  const id = data.nextId;
  data.nextId += 1;
  return id;
}

export function findRepo(data: StateData, owner: string, name: string): RepoRecord | undefined {
  const o = owner.toLowerCase();
  const n = name.toLowerCase();
  return data.repos.find((r) => r.owner.toLowerCase() === o && r.name.toLowerCase() === n);
}

/** GitHub label names match case-insensitively. */
export function findLabel(repo: RepoRecord, name: string): LabelRecord | undefined {
  const n = name.toLowerCase();
  return repo.labels.find((l) => l.name.toLowerCase() === n);
}
