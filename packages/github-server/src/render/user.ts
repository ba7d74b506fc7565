import type { Urls } from '../context.js';

/**
 * A stable numeric id for a login (GitHub ids are opaque integers): FNV-1a
 * over the lower-cased login, kept positive and below 2^31.
 */
export function userId(login: string): number {
  let h = 0x811c9dc5;
  for (const ch of login.toLowerCase()) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1 || 1;
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

/** The `simple-user` shape. Logins ending in `[bot]` are `Bot`s (github-actions[bot]). */
export function userJson(urls: Urls, login: string): Record<string, unknown> {
  const api = `${urls.api}/users/${encodeURIComponent(login)}`;
  const id = userId(login);
  return {
    login,
    id,
    node_id: nodeId('User', id),
    avatar_url: `${urls.web}/avatars/u/${id}`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}
