import {
  googleError,
  type FakeApiKey,
  type FakeKeyRestrictions,
  type FakeKeyRing,
} from './fake-google-api-keys-state.js';
import { jsonReply, type FakeReply, type FakeRequest } from './fake-http.js';

const PLACES = 'places.googleapis.com';

/** What the Places emulator sees of its caller beyond the request: the address Google would see. */
export interface PlacesCaller {
  /** The caller's public IPv4 address, checked against server-key restrictions (default 127.0.0.1). */
  readonly ip: string;
}

/**
 * Places API (New) `places:searchText`, as far as a key check goes: the
 * `X-Goog-Api-Key` must name a live, propagated key whose restrictions admit
 * the Places API and the calling client — the `Referer` (browser keys), the
 * caller's address (server keys), `X-Android-Package` + `X-Android-Cert`
 * (Android keys) or `X-Ios-Bundle-Identifier` (iOS keys). Refusals carry the
 * ErrorInfo reasons Google uses (API_KEY_INVALID, API_KEY_SERVICE_BLOCKED,
 * API_KEY_HTTP_REFERRER_BLOCKED, API_KEY_IP_ADDRESS_BLOCKED,
 * API_KEY_ANDROID_APP_BLOCKED, API_KEY_IOS_APP_BLOCKED), all HTTP 403
 * PERMISSION_DENIED but the invalid key (400 INVALID_ARGUMENT).
 */
export function placesSearchText(
  req: FakeRequest,
  ring: FakeKeyRing,
  caller: PlacesCaller = { ip: '127.0.0.1' },
): FakeReply {
  const given = req.headers['x-goog-api-key'];
  const key = typeof given === 'string' ? ring.byKeyString(given) : undefined;
  const invalid = googleError(
    400,
    'INVALID_ARGUMENT',
    'API key not valid. Please pass a valid API key.',
    'API_KEY_INVALID',
  );
  if (!key || key.deleteTime) return invalid;
  if (key.unpropagated > 0) {
    key.unpropagated -= 1;
    return invalid;
  }
  const refused = serviceBlocked(key) ?? clientBlocked(key.restrictions, req, caller);
  if (refused) return refused;
  if (!req.headers['x-goog-fieldmask'])
    return googleError(400, 'INVALID_ARGUMENT', 'FieldMask is a required parameter.');
  return jsonReply(200, { places: [{ id: 'ChIJfakeDocuGenPlace' }] });
}

function serviceBlocked(key: FakeApiKey): FakeReply | undefined {
  const { apiTargets } = key.restrictions;
  if (!apiTargets || apiTargets.length === 0 || apiTargets.some((t) => t.service === PLACES)) return undefined;
  return googleError(
    403,
    'PERMISSION_DENIED',
    `Requests to this API ${PLACES} method google.maps.places.v1.Places.SearchText are blocked.`,
    'API_KEY_SERVICE_BLOCKED',
  );
}

/** The refusal for a client the key's application restriction does not admit, if any. */
function clientBlocked(r: FakeKeyRestrictions, req: FakeRequest, caller: PlacesCaller): FakeReply | undefined {
  const referrers = r.browserKeyRestrictions?.allowedReferrers ?? [];
  if (referrers.length > 0 && !referrers.some((p) => globMatch(p, refererOf(req)))) {
    return googleError(
      403,
      'PERMISSION_DENIED',
      `Requests from referer ${refererOf(req) || '<empty>'} are blocked.`,
      'API_KEY_HTTP_REFERRER_BLOCKED',
    );
  }
  const ips = r.serverKeyRestrictions?.allowedIps ?? [];
  if (ips.length > 0 && !ips.some((range) => ipMatches(range, caller.ip))) {
    return googleError(
      403,
      'PERMISSION_DENIED',
      `The provided API key has an IP address restriction. The originating IP address of the call (${caller.ip}) violates this restriction.`,
      'API_KEY_IP_ADDRESS_BLOCKED',
    );
  }
  const apps = r.androidKeyRestrictions?.allowedApplications ?? [];
  const pkg = header(req, 'x-android-package');
  const cert = fingerprint(header(req, 'x-android-cert'));
  if (apps.length > 0 && !apps.some((a) => a.packageName === pkg && fingerprint(a.sha1Fingerprint) === cert)) {
    return googleError(
      403,
      'PERMISSION_DENIED',
      `Requests from this Android client application ${pkg || '<empty>'} are blocked.`,
      'API_KEY_ANDROID_APP_BLOCKED',
    );
  }
  const bundles = r.iosKeyRestrictions?.allowedBundleIds ?? [];
  const bundle = header(req, 'x-ios-bundle-identifier');
  if (bundles.length > 0 && !bundles.includes(bundle)) {
    return googleError(
      403,
      'PERMISSION_DENIED',
      `Requests from this iOS client application ${bundle || '<empty>'} are blocked.`,
      'API_KEY_IOS_APP_BLOCKED',
    );
  }
  return undefined;
}

function header(req: FakeRequest, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
}

/** SHA-1 fingerprints compare without separators or case: the API stores `DA:39:…`, clients send either form. */
function fingerprint(s: string): string {
  return s.replace(/:/g, '').toUpperCase();
}

function refererOf(req: FakeRequest): string {
  return header(req, 'referer').replace(/^https?:\/\//, '');
}

/** Google's referrer patterns: `*` matches any run of characters; the scheme is optional. */
function globMatch(pattern: string, value: string): boolean {
  const body = pattern
    .replace(/^https?:\/\//, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`).test(value);
}

/** An allowed IPv4 address or CIDR range (`203.0.113.0/24`) against the caller's address. */
function ipMatches(range: string, ip: string): boolean {
  const [base = '', bits] = range.split('/');
  const prefix = bits === undefined ? 32 : Number(bits);
  const a = ipv4(base);
  const b = ipv4(ip);
  if (a === undefined || b === undefined || !(prefix >= 0 && prefix <= 32)) return range === ip;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4(s: string): number | undefined {
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}
