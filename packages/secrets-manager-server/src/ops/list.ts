import type { OpContext, Output } from '../context.js';
import { optBool, optEnum, optInt, optStr, type Input } from '../input.js';
import { versionIdsToStages } from '../labels.js';
import type { SecretRecord, VersionRecord } from '../model.js';
import { paginate } from '../pagination.js';
import { epochSeconds } from '../wire.js';
import { metadata } from './describe.js';
import { readFilters, matchesAll } from './filters.js';
import { secretOf } from './guards.js';

/**
 * ListSecretVersionIds (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecretVersionIds.html):
 * MaxResults 1–100, NextToken; "By default, versions without staging labels
 * aren't included" unless IncludeDeprecated. Newest first. Readable while the
 * secret is scheduled for deletion (no InvalidRequestException in its errors).
 */
export function listSecretVersionIds(ctx: OpContext, input: Input): Output {
  const secret = secretOf(ctx.secrets, input);
  const includeDeprecated = optBool(input, 'IncludeDeprecated') ?? false;
  const maxResults = pageSize(ctx, optInt(input, 'MaxResults', { min: 1, max: 100 }));
  const versions = [...secret.versions].reverse().filter((v) => includeDeprecated || v.stages.length > 0);
  const page = paginate(
    versions,
    `versions:${secret.arn}:${includeDeprecated}`,
    optStr(input, 'NextToken', { min: 1, max: 4096 }),
    maxResults,
  );
  const out: Output = { Versions: page.items.map(versionEntry), ARN: secret.arn, Name: secret.name };
  if (page.nextToken !== undefined) out['NextToken'] = page.nextToken;
  return out;
}

/** MaxResults (1–100, default 100 here), never above the server's page cap. */
function pageSize(ctx: OpContext, maxResults: number | undefined): number {
  return Math.min(maxResults ?? 100, ctx.pageCap ?? 100);
}

function versionEntry(v: VersionRecord): Output {
  const out: Output = { VersionId: v.versionId, VersionStages: [...v.stages], CreatedDate: epochSeconds(v.createdMs) };
  if (v.lastAccessedMs !== undefined) out['LastAccessedDate'] = epochSeconds(v.lastAccessedMs);
  return out;
}

/**
 * ListSecrets (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html):
 * "By default, secrets scheduled for deletion aren't included"
 * (IncludePlannedDeletion); MaxResults 1–100 with NextToken; Filters as in
 * "Find secrets in Secrets Manager"; sorted by CreatedDate unless SortBy
 * (ascending unless SortOrder=desc). Entries never include values.
 */
export function listSecrets(ctx: OpContext, input: Input): Output {
  const includeDeleted = optBool(input, 'IncludePlannedDeletion') ?? false;
  const maxResults = pageSize(ctx, optInt(input, 'MaxResults', { min: 1, max: 100 }));
  const filters = readFilters(input);
  const sortBy = optEnum(input, 'SortBy', SORT_BY) ?? 'created-date';
  const sortOrder = optEnum(input, 'SortOrder', ['asc', 'desc']) ?? 'asc';
  const scope = `secrets:${JSON.stringify([includeDeleted, filters, sortBy, sortOrder])}`;
  const sorted = ctx.secrets.listing(scope, (all) => {
    const selected: SecretRecord[] = [];
    for (const s of all) if ((includeDeleted || s.deletedMs === undefined) && matchesAll(s, filters)) selected.push(s);
    return sortSecrets(selected, sortBy, sortOrder === 'desc');
  });
  const page = paginate(sorted, scope, optStr(input, 'NextToken', { min: 1, max: 4096 }), maxResults);
  const out: Output = { SecretList: page.items.map(listEntry) };
  if (page.nextToken !== undefined) out['NextToken'] = page.nextToken;
  return out;
}

function listEntry(secret: SecretRecord): Output {
  return { ...metadata(secret), SecretVersionsToStages: versionIdsToStages(secret) };
}

const SORT_BY = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'] as const;
type SortBy = (typeof SORT_BY)[number];

function sortKey(secret: SecretRecord, sortBy: SortBy): number | string {
  switch (sortBy) {
    case 'name':
      return secret.name;
    case 'last-changed-date':
      return secret.lastChangedMs;
    case 'last-accessed-date':
      return secret.lastAccessedMs ?? 0;
    case 'created-date':
      return secret.createdMs;
  }
}

function sortSecrets(secrets: SecretRecord[], sortBy: SortBy, desc: boolean): SecretRecord[] {
  // Stable: creation order breaks ties, so paging is deterministic.
  const sorted = secrets.sort((a, b) => {
    const ka = sortKey(a, sortBy);
    const kb = sortKey(b, sortBy);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return desc ? sorted.reverse() : sorted;
}
