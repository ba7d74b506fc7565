import type { OpHandler } from './context.js';
import { createComment, getComment, listComments, updateComment } from './ops/comments.js';
import { createIssue, getIssue, listIssues, updateIssue } from './ops/issues.js';
import {
  addLabels,
  createLabel,
  deleteLabel,
  getLabel,
  listIssueLabels,
  listLabels,
  removeLabel,
  setLabels,
  updateLabel,
} from './ops/labels.js';
import { createDispatchEvent, createWorkflowDispatch } from './ops/dispatches.js';
import { getRateLimit, getRepo } from './ops/meta.js';
import { createPull, getPull, listPulls, updatePull } from './ops/pulls.js';
import { createRef, deleteRef, getRef, listMatchingRefs, updateRef } from './ops/refs.js';

/** One served operation: GitHub's operationId, its method and path template (as in the OpenAPI description). */
export interface Route {
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly handler: OpHandler;
}

const R = (method: Route['method'], path: string, operationId: string, handler: OpHandler): Route => ({
  method,
  path,
  operationId,
  handler,
});
const REPO = '/repos/{owner}/{repo}';

/** Every operation this server answers; anything else is GitHub's 404. */
export const ROUTES: readonly Route[] = [
  R('GET', '/rate_limit', 'rate-limit/get', getRateLimit),
  R('GET', REPO, 'repos/get', getRepo),
  R('GET', `${REPO}/issues`, 'issues/list-for-repo', listIssues),
  R('POST', `${REPO}/issues`, 'issues/create', createIssue),
  R('GET', `${REPO}/issues/comments/{comment_id}`, 'issues/get-comment', getComment),
  R('PATCH', `${REPO}/issues/comments/{comment_id}`, 'issues/update-comment', updateComment),
  R('GET', `${REPO}/issues/{issue_number}`, 'issues/get', getIssue),
  R('PATCH', `${REPO}/issues/{issue_number}`, 'issues/update', updateIssue),
  R('GET', `${REPO}/issues/{issue_number}/comments`, 'issues/list-comments', listComments),
  R('POST', `${REPO}/issues/{issue_number}/comments`, 'issues/create-comment', createComment),
  R('GET', `${REPO}/issues/{issue_number}/labels`, 'issues/list-labels-on-issue', listIssueLabels),
  R('POST', `${REPO}/issues/{issue_number}/labels`, 'issues/add-labels', addLabels),
  R('PUT', `${REPO}/issues/{issue_number}/labels`, 'issues/set-labels', setLabels),
  R('DELETE', `${REPO}/issues/{issue_number}/labels/{name}`, 'issues/remove-label', removeLabel),
  R('GET', `${REPO}/labels`, 'issues/list-labels-for-repo', listLabels),
  R('POST', `${REPO}/labels`, 'issues/create-label', createLabel),
  R('GET', `${REPO}/labels/{name}`, 'issues/get-label', getLabel),
  R('PATCH', `${REPO}/labels/{name}`, 'issues/update-label', updateLabel),
  R('DELETE', `${REPO}/labels/{name}`, 'issues/delete-label', deleteLabel),
  R('GET', `${REPO}/pulls`, 'pulls/list', listPulls),
  R('POST', `${REPO}/pulls`, 'pulls/create', createPull),
  R('GET', `${REPO}/pulls/{pull_number}`, 'pulls/get', getPull),
  R('PATCH', `${REPO}/pulls/{pull_number}`, 'pulls/update', updatePull),
  R('GET', `${REPO}/git/ref/{ref}`, 'git/get-ref', getRef),
  R('GET', `${REPO}/git/matching-refs/{ref}`, 'git/list-matching-refs', listMatchingRefs),
  R('POST', `${REPO}/git/refs`, 'git/create-ref', createRef),
  R('PATCH', `${REPO}/git/refs/{ref}`, 'git/update-ref', updateRef),
  R('DELETE', `${REPO}/git/refs/{ref}`, 'git/delete-ref', deleteRef),
  R('POST', `${REPO}/dispatches`, 'repos/create-dispatch-event', createDispatchEvent),
  R(
    'POST',
    `${REPO}/actions/workflows/{workflow_id}/dispatches`,
    'actions/create-workflow-dispatch',
    createWorkflowDispatch,
  ),
];

export type OperationId = string;

export const OPERATION_IDS: readonly string[] = ROUTES.map((r) => r.operationId);

/** Operations that change state: counted as writes, saved before they are acknowledged. */
export function isWrite(route: Route): boolean {
  return route.method !== 'GET';
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/**
 * Finds the route of a raw (percent-encoded) path. Segments are decoded one
 * by one, so `heads%2Ffeature` stays one `{ref}`; a trailing `{ref}` also
 * takes the rest of the path (`git/ref/heads/feature/x`), as GitHub does.
 */
export function matchRoute(method: string, rawPath: string): Match | 'method-not-allowed' | undefined {
  const segs = rawPath.replace(/\/+$/, '').split('/').slice(1);
  let pathMatched = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, segs);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

function matchPath(template: string, segs: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').slice(1);
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const seg = segs[i];
    if (seg === undefined || seg === '') return undefined;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== seg) return undefined;
      continue;
    }
    const rest = name === 'ref' && i === parts.length - 1 ? segs.slice(i).join('/') : seg;
    const value = safeDecode(rest);
    if (value === undefined) return undefined;
    params[name] = value;
    if (rest !== seg) return params;
  }
  return segs.length === parts.length ? params : undefined;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
