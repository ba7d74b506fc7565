import { googleError, type FakeKeyRing } from './fake-google-api-keys-state.js';
import { jsonReply, type FakeReply, type FakeRequest } from './fake-http.js';

const PLACES = 'places.googleapis.com';

/**
 * Places API (New) `places:searchText`, as far as a key check goes: the
 * `X-Goog-Api-Key` must name a live, propagated key whose restrictions admit
 * the Places API, the request's `Referer` (browser keys) and the caller's
 * address (server keys, where only 127.0.0.1 is ever "the caller"). Errors
 * carry the ErrorInfo reasons Google uses (API_KEY_INVALID,
 * API_KEY_SERVICE_BLOCKED, API_KEY_HTTP_REFERRER_BLOCKED, API_KEY_IP_ADDRESS_BLOCKED).
 */
export function placesSearchText(req: FakeRequest, ring: FakeKeyRing): FakeReply {
  const given = req.headers['x-goog-api-key'];
  const key = typeof given === 'string' ? ring.byKeyString(given) : undefined;
  const invalid = googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', 'API_KEY_INVALID');
  if (!key || key.deleteTime) return invalid;
  if (key.unpropagated > 0) {
    key.unpropagated -= 1;
    return invalid;
  }
  const { apiTargets, browserKeyRestrictions, serverKeyRestrictions } = key.restrictions;
  if (apiTargets && apiTargets.length > 0 && !apiTargets.some((t) => t.service === PLACES)) {
    return googleError(403, 'PERMISSION_DENIED', `Requests to this API ${PLACES} method google.maps.places.v1.Places.SearchText are blocked.`, 'API_KEY_SERVICE_BLOCKED');
  }
  const referrers = browserKeyRestrictions?.allowedReferrers ?? [];
  if (referrers.length > 0 && !referrers.some((p) => globMatch(p, refererOf(req)))) {
    return googleError(403, 'PERMISSION_DENIED', 'Requests from referer are blocked.', 'API_KEY_HTTP_REFERRER_BLOCKED');
  }
  const ips = serverKeyRestrictions?.allowedIps ?? [];
  if (ips.length > 0 && !ips.includes('127.0.0.1')) {
    return googleError(403, 'PERMISSION_DENIED', 'The provided API key has an IP address restriction.', 'API_KEY_IP_ADDRESS_BLOCKED');
  }
  if (!req.headers['x-goog-fieldmask']) return googleError(400, 'INVALID_ARGUMENT', 'FieldMask is a required parameter.');
  return jsonReply(200, { places: [{ id: 'ChIJfakeDocuGenPlace' }] });
}

function refererOf(req: FakeRequest): string {
  const r = req.headers.referer;
  return typeof r === 'string' ? r.replace(/^https?:\/\//, '') : '';
}

/** Google's referrer patterns: `*` matches any run of characters; the scheme is optional. */
function globMatch(pattern: string, value: string): boolean {
  const body = pattern.replace(/^https?:\/\//, '').split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`).test(value);
}
