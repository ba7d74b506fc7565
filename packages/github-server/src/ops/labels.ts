import type { OpContext, OpResult } from '../context.js';
import { GitHubApiError, notFound, validationFailed } from '../errors.js';
import { findLabel, newId, type IssueRecord, type LabelRecord, type RepoRecord } from '../model.js';
import { paginate } from '../pagination.js';
import { issueLabels, labelJson } from '../render/issue.js';
import { bodyOf, charCount, issueOf, optNames, optNullableString, optString, repoOf, reqString } from './input.js';

const COLOR = /^[0-9a-fA-F]{6}$/;
/** GitHub's label limits: names up to 50 characters, descriptions up to 100. */
export const MAX_LABEL_NAME = 50;
export const MAX_LABEL_DESCRIPTION = 100;

function checkName(name: string): string {
  if (name.trim() === '' || charCount(name) > MAX_LABEL_NAME) {
    throw validationFailed({
      resource: 'Label',
      field: 'name',
      code: 'invalid',
      message: `name is too long (maximum is ${MAX_LABEL_NAME} characters)`,
    });
  }
  return name;
}

function checkDescription(description: string | null | undefined): string | null | undefined {
  if (typeof description === 'string' && charCount(description) > MAX_LABEL_DESCRIPTION) {
    throw validationFailed({
      resource: 'Label',
      field: 'description',
      code: 'custom',
      message: `description is too long (maximum is ${MAX_LABEL_DESCRIPTION} characters)`,
    });
  }
  return description;
}
/** GitHub's colour for labels created implicitly by naming them on an issue. */
export const DEFAULT_COLOR = 'ededed';

function checkColor(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  const c = color.startsWith('#') ? color.slice(1) : color;
  if (!COLOR.test(c)) throw validationFailed({ resource: 'Label', field: 'color', code: 'invalid' });
  return c.toLowerCase();
}

function labelOf(ctx: OpContext, repo: RepoRecord): LabelRecord {
  const label = findLabel(repo, ctx.params['name'] ?? '');
  if (!label) throw notFound();
  return label;
}

export function createLabel(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const body = bodyOf(ctx);
  const name = checkName(reqString(body, 'name', 'Label'));
  if (findLabel(repo, name)) throw validationFailed({ resource: 'Label', field: 'name', code: 'already_exists' });
  const label: LabelRecord = {
    id: newId(ctx.data),
    name,
    color: checkColor(optString(body, 'color')) ?? DEFAULT_COLOR,
    description: checkDescription(optNullableString(body, 'description')) ?? null,
  };
  repo.labels.push(label);
  return { status: 201, body: labelJson(ctx.urls, repo, label) };
}

export function listLabels(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const { page, headers } = paginate(ctx, repo.labels);
  return { status: 200, body: page.map((l) => labelJson(ctx.urls, repo, l)), headers };
}

export function getLabel(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  return { status: 200, body: labelJson(ctx.urls, repo, labelOf(ctx, repo)) };
}

export function updateLabel(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const label = labelOf(ctx, repo);
  const body = bodyOf(ctx);
  const newName = optString(body, 'new_name');
  if (newName !== undefined && newName.toLowerCase() !== label.name.toLowerCase() && findLabel(repo, newName)) {
    throw validationFailed({ resource: 'Label', field: 'name', code: 'already_exists' });
  }
  if (newName !== undefined && newName !== '') label.name = checkName(newName);
  label.color = checkColor(optString(body, 'color')) ?? label.color;
  const description = checkDescription(optNullableString(body, 'description'));
  if (description !== undefined) label.description = description;
  return { status: 200, body: labelJson(ctx.urls, repo, label) };
}

export function deleteLabel(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const label = labelOf(ctx, repo);
  repo.labels = repo.labels.filter((l) => l !== label);
  for (const issue of repo.issues) issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  return { status: 204 };
}

/** The labels named, created (colour ededed) when missing, as GitHub does for labels named on an issue. */
export function ensureLabels(ctx: OpContext, repo: RepoRecord, names: readonly string[]): LabelRecord[] {
  return names.map((name) => {
    const found = findLabel(repo, name);
    if (found) return found;
    const label: LabelRecord = { id: newId(ctx.data), name: checkName(name), color: DEFAULT_COLOR, description: null };
    repo.labels.push(label);
    return label;
  });
}

/** `labels` of add/set: `{labels: [...]}`, a bare array, or one name (issues/add-labels request body). */
function namesOf(ctx: OpContext): string[] {
  const body = ctx.body;
  if (typeof body === 'string') return [body];
  if (Array.isArray(body)) return optNames({ labels: body }, 'labels') ?? [];
  return optNames(bodyOf(ctx), 'labels') ?? [];
}

function labelsReply(ctx: OpContext, repo: RepoRecord, issue: IssueRecord, status = 200): OpResult {
  return { status, body: issueLabels(repo, issue).map((l) => labelJson(ctx.urls, repo, l)) };
}

export function addLabels(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  for (const label of ensureLabels(ctx, repo, namesOf(ctx))) {
    if (!issue.labelIds.includes(label.id)) issue.labelIds.push(label.id);
  }
  issue.updatedMs = ctx.nowMs;
  return labelsReply(ctx, repo, issue);
}

export function setLabels(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  issue.labelIds = [...new Set(ensureLabels(ctx, repo, namesOf(ctx)).map((l) => l.id))];
  issue.updatedMs = ctx.nowMs;
  return labelsReply(ctx, repo, issue);
}

export function removeLabel(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const label = findLabel(repo, ctx.params['name'] ?? '');
  if (!label || !issue.labelIds.includes(label.id))
    throw new GitHubApiError('GH_NOT_FOUND', 404, 'Label does not exist');
  issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  issue.updatedMs = ctx.nowMs;
  return labelsReply(ctx, repo, issue);
}

export function listIssueLabels(ctx: OpContext): OpResult {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const { page, headers } = paginate(ctx, issueLabels(repo, issue));
  return { status: 200, body: page.map((l) => labelJson(ctx.urls, repo, l)), headers };
}
