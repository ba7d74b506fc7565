import {
  googleError,
  parseJson,
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
  /** Numbers of the projects that have the Places API disabled (their keys get SERVICE_DISABLED). */
  readonly disabledProjects?: readonly string[];
  /**
   * Numbers of the projects the caller may bill through `X-Goog-User-Project`
   * besides its key's own project; any other one gets USER_PROJECT_DENIED.
   */
  readonly billableProjects?: readonly string[];
  /** A project's number for its id (how `X-Goog-User-Project` may name it). */
  readonly numberOf?: (project: string) => string;
}

/**
 * Places API (New) `places:searchText`, as far as a key check goes: the
 * `X-Goog-Api-Key` must name a live, propagated key whose restrictions admit
 * the Places API and the calling client — the `Referer` (browser keys), the
 * caller's address (server keys), `X-Android-Package` + `X-Android-Cert`
 * (Android keys) or `X-Ios-Bundle-Identifier` (iOS keys). Refusals carry the
 * ErrorInfo reasons Google uses (API_KEY_INVALID, API_KEY_SERVICE_BLOCKED,
 * API_KEY_HTTP_REFERRER_BLOCKED, API_KEY_IP_ADDRESS_BLOCKED,
 * API_KEY_ANDROID_APP_BLOCKED, API_KEY_IOS_APP_BLOCKED, SERVICE_DISABLED when
 * the key's project has Places disabled, USER_PROJECT_DENIED for an
 * `X-Goog-User-Project` the caller may not bill), all HTTP 403
 * PERMISSION_DENIED but the invalid key (400 INVALID_ARGUMENT). A request
 * without a field mask or without `textQuery` is a 400 INVALID_ARGUMENT.
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
  const consumer = consumerOf(key);
  const refused =
    serviceBlocked(key, consumer) ??
    clientBlocked(key.restrictions, req, caller, consumer) ??
    serviceDisabled(consumer, caller) ??
    userProjectDenied(req, consumer, caller);
  if (refused) return refused;
  if (!req.headers['x-goog-fieldmask'])
    return googleError(400, 'INVALID_ARGUMENT', 'FieldMask is a required parameter.');
  const query = parseJson(req.body)['textQuery'];
  if (typeof query !== 'string' || query.trim() === '')
    return googleError(400, 'INVALID_ARGUMENT', 'Empty text_query.');
  return jsonReply(200, { places: [{ id: 'ChIJfakeDocuGenPlace' }] });
}

/** `projects/{number}`: the project a key belongs to, as ErrorInfo's `consumer` names it. */
function consumerOf(key: FakeApiKey): string {
  return key.name.slice(0, key.name.indexOf('/locations/'));
}

function denied(message: string, reason: string, consumer: string, extra: Record<string, string> = {}): FakeReply {
  return googleError(403, 'PERMISSION_DENIED', message, reason, { ...extra, consumer, service: PLACES });
}

function serviceBlocked(key: FakeApiKey, consumer: string): FakeReply | undefined {
  const { apiTargets } = key.restrictions;
  if (!apiTargets || apiTargets.length === 0 || apiTargets.some((t) => t.service === PLACES)) return undefined;
  return denied(
    `Requests to this API ${PLACES} method google.maps.places.v1.Places.SearchText are blocked.`,
    'API_KEY_SERVICE_BLOCKED',
    consumer,
    { methodName: 'google.maps.places.v1.Places.SearchText' },
  );
}

function serviceDisabled(consumer: string, caller: PlacesCaller): FakeReply | undefined {
  const project = consumer.slice('projects/'.length);
  if (!(caller.disabledProjects ?? []).includes(project)) return undefined;
  return serviceDisabledReply(PLACES, 'Places API (New)', project);
}

/** Google's 403 SERVICE_DISABLED for an API not enabled in `project` (a number), with its ErrorInfo metadata. */
export function serviceDisabledReply(service: string, serviceTitle: string, project: string): FakeReply {
  const activationUrl = `https://console.developers.google.com/apis/api/${service}/overview?project=${project}`;
  return googleError(
    403,
    'PERMISSION_DENIED',
    `${serviceTitle} has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
    'SERVICE_DISABLED',
    { serviceTitle, containerInfo: project, activationUrl, consumer: `projects/${project}`, service },
  );
}

function userProjectDenied(req: FakeRequest, consumer: string, caller: PlacesCaller): FakeReply | undefined {
  const named = header(req, 'x-goog-user-project');
  if (named === '') return undefined;
  const number = caller.numberOf?.(named) ?? named;
  if (`projects/${number}` === consumer || (caller.billableProjects ?? []).includes(number)) return undefined;
  return denied(
    `Caller does not have required permission to use project ${named}. Grant the caller the roles/serviceusage.serviceUsageConsumer role, or a custom role with the serviceusage.services.use permission, by visiting https://console.developers.google.com/iam-admin/iam/admin?project=${named} and then retry. Propagation of the new permission may take a few minutes.`,
    'USER_PROJECT_DENIED',
    `projects/${named}`,
  );
}

/** The refusal for a client the key's application restriction does not admit, if any. */
function clientBlocked(
  r: FakeKeyRestrictions,
  req: FakeRequest,
  caller: PlacesCaller,
  consumer: string,
): FakeReply | undefined {
  const referrers = r.browserKeyRestrictions?.allowedReferrers ?? [];
  if (referrers.length > 0 && !referrers.some((p) => globMatch(p, refererOf(req)))) {
    return denied(
      `Requests from referer ${refererOf(req) || '<empty>'} are blocked.`,
      'API_KEY_HTTP_REFERRER_BLOCKED',
      consumer,
      { httpReferrer: header(req, 'referer') || '<empty>' },
    );
  }
  const ips = r.serverKeyRestrictions?.allowedIps ?? [];
  if (ips.length > 0 && !ips.some((range) => ipMatches(range, caller.ip))) {
    return denied(
      `The provided API key has an IP address restriction. The originating IP address of the call (${caller.ip}) violates this restriction.`,
      'API_KEY_IP_ADDRESS_BLOCKED',
      consumer,
      { ipAddress: caller.ip },
    );
  }
  const apps = r.androidKeyRestrictions?.allowedApplications ?? [];
  const pkg = header(req, 'x-android-package');
  const cert = fingerprint(header(req, 'x-android-cert'));
  if (apps.length > 0 && !apps.some((a) => a.packageName === pkg && fingerprint(a.sha1Fingerprint) === cert)) {
    return denied(
      `Requests from this Android client application ${pkg || '<empty>'} are blocked.`,
      'API_KEY_ANDROID_APP_BLOCKED',
      consumer,
      { androidPackage: pkg || '<empty>' },
    );
  }
  const bundles = r.iosKeyRestrictions?.allowedBundleIds ?? [];
  const bundle = header(req, 'x-ios-bundle-identifier');
  if (bundles.length > 0 && !bundles.includes(bundle)) {
    return denied(
      `Requests from this iOS client application ${bundle || '<empty>'} are blocked.`,
      'API_KEY_IOS_APP_BLOCKED',
      consumer,
      { iosBundleId: bundle || '<empty>' },
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
