import type { OpContext } from '../context.js';
import { GitHubApiError, notFound, validationFailed } from '../errors.js';
import { findRepo, type IssueRecord, type RepoRecord } from '../model.js';

type Rec = Record<string, unknown>;

export function bodyOf(ctx: OpContext): Rec {
  const b = ctx.body;
  if (b === undefined) return {};
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    throw new GitHubApiError('GH_BAD_REQUEST', 400, 'Problems parsing JSON');
  }
  return b as Rec;
}

/** GitHub's answer to a body field of the wrong type (schema-validated requests). */
export function invalidField(field: string, why: string): GitHubApiError {
  return new GitHubApiError('GH_VALIDATION_FAILED', 422, `Invalid request.\n\nFor '${field}', ${why}.`);
}

export function optString(body: Rec, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidField(field, `${JSON.stringify(v)} is not a string`);
  return v;
}

export function optNullableString(body: Rec, field: string): string | null | undefined {
  return body[field] === null ? null : optString(body, field);
}

export function optBoolean(body: Rec, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalidField(field, `${JSON.stringify(v)} is not a boolean`);
  return v;
}

export function reqString(body: Rec, field: string, resource: string): string {
  const v = optString(body, field);
  if (v === undefined || v === '') throw validationFailed({ resource, field, code: 'missing_field' });
  return v;
}

/** A list of names: strings, or `{name}` objects as the labels field allows. */
export function optNames(body: Rec, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidField(field, `${JSON.stringify(v)} is not an array`);
  return v.map((item: unknown) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'object' && item !== null && typeof (item as Rec)['name'] === 'string')
      return (item as Rec)['name'] as string;
    throw invalidField(field, 'items must be strings');
  });
}

export function repoOf(ctx: OpContext): RepoRecord {
  const repo = findRepo(ctx.data, ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
  if (!repo) throw notFound();
  return repo;
}

export function numberParam(ctx: OpContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound();
  return Number(raw);
}

export function issueOf(ctx: OpContext, repo: RepoRecord, name = 'issue_number'): IssueRecord {
  const n = numberParam(ctx, name);
  const issue = repo.issues.find((i) => i.number === n);
  if (!issue) throw notFound();
  return issue;
}

/** Length in Unicode characters (code points), as GitHub counts its limits. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n += 1;
  }
  return n;
}

/** GitHub's limit on issue, pull request and comment bodies (characters). */
export const MAX_BODY_CHARS = 65_536;

/** A body over the limit is 422, as GitHub answers ("body is too long (maximum is 65536 characters)"). */
export function checkBodyLength(resource: string, body: string | null | undefined): void {
  if (body !== null && body !== undefined && charCount(body) > MAX_BODY_CHARS) {
    throw validationFailed({
      resource,
      field: 'body',
      code: 'custom',
      message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)`,
    });
  }
}
