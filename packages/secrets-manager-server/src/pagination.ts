import { awsError } from './errors.js';

/**
 * NextToken / MaxResults paging (ListSecrets, ListSecretVersionIds: "If there
 * are more results available, in the response, Secrets Manager includes
 * NextToken"; an unusable token answers InvalidNextTokenException). The token
 * is opaque to clients; here it encodes the operation, a scope (so a token
 * from one listing is refused by another) and an offset.
 */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export function paginate<T>(
  all: readonly T[],
  scope: string,
  nextToken: string | undefined,
  maxResults: number,
): Page<T> {
  const start = nextToken === undefined ? 0 : decode(nextToken, scope);
  const end = start + maxResults;
  const items = all.slice(start, end);
  return end < all.length ? { items, nextToken: encode(scope, end) } : { items };
}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset }), 'utf8').toString('base64url');
}

function decode(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { s, o } = parsed as { s?: unknown; o?: unknown };
      if (s === scope && typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
    }
  } catch {
    // fall through to the AWS error below
  }
  throw awsError('InvalidNextTokenException', 'The NextToken value is invalid.');
}
