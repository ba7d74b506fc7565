import type { OpContext } from './context.js';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Number(raw);
}

/**
 * One page of a listing plus GitHub's `Link` header
 * (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * `per_page` defaults to 30 and is capped at 100, `page` starts at 1; the
 * header carries `prev`/`next`/`last`/`first` as they apply, each URL being the
 * request's own with `page` replaced, so clients follow it rather than count.
 */
export function paginate<T>(ctx: OpContext, items: readonly T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, intParam(ctx.query, 'per_page', DEFAULT_PER_PAGE)));
  const page = Math.max(1, intParam(ctx.query, 'page', 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = linkHeader(ctx.selfUrl, page, last);
  return { page: slice, headers: link === '' ? {} : { link } };
}

export function linkHeader(self: URL, page: number, last: number): string {
  const at = (n: number): string => {
    const url = new URL(self);
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${at(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${at(1)}>; rel="first"`);
  return rels.join(', ');
}
