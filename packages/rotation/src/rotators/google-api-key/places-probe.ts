import type { FetchFn } from '../upstream/http.js';
import { isTransientNetworkError } from '../upstream/retry.js';
import { accessAdvice, errorInfoOf } from './access-advice.js';
import type { ClientRefusal, PlacesProbePort, PlacesProbeResult, ProbeClient } from './port.js';

export interface PlacesProbeOptions {
  /** Default https://places.googleapis.com; tests point it at the fake. */
  readonly baseUrl?: string;
  readonly fetch?: FetchFn;
}

/** ErrorInfo reasons that may clear once a brand-new key has propagated. */
const PROPAGATING = new Set(['API_KEY_INVALID', 'API_KEY_SERVICE_BLOCKED']);

const CLIENT_REFUSALS: ReadonlySet<string> = new Set<ClientRefusal>([
  'API_KEY_HTTP_REFERRER_BLOCKED',
  'API_KEY_IP_ADDRESS_BLOCKED',
  'API_KEY_ANDROID_APP_BLOCKED',
  'API_KEY_IOS_APP_BLOCKED',
]);

/**
 * Places API (New) `places:searchText` with the key in `X-Goog-Api-Key` and
 * the client headers the key's restriction asks for. The field mask asks for
 * place ids only, the cheapest (IDs-only) SKU. A refusal of the calling
 * client (referrer, IP, Android app, iOS app) is final and says so
 * (`clientRefused`): Google found the key valid but not for this caller, and
 * the rotator proves the key through the API Keys API instead.
 */
export function placesProbe(options: PlacesProbeOptions = {}): PlacesProbePort {
  const url = new URL('/v1/places:searchText', options.baseUrl ?? 'https://places.googleapis.com');
  const fetchFn = options.fetch ?? fetch;
  return {
    async searchText(apiKey, client) {
      const headers = {
        'content-type': 'application/json',
        'x-goog-api-key': apiKey,
        'x-goog-fieldmask': 'places.id',
        ...clientHeaders(client),
      };
      let status: number;
      let text: string;
      try {
        const res = await fetchFn(url, { method: 'POST', headers, body: JSON.stringify({ textQuery: 'DocuGen' }) });
        status = res.status;
        text = await res.text();
      } catch (err) {
        return {
          ok: false,
          retryable: isTransientNetworkError(err),
          reason: 'the Places API request failed to connect',
        };
      }
      return classify(status, text);
    },
  };
}

function clientHeaders(client: ProbeClient | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (client?.referer !== undefined) h['referer'] = client.referer;
  if (client?.androidPackage !== undefined) h['x-android-package'] = client.androidPackage;
  if (client?.androidCert !== undefined) h['x-android-cert'] = client.androidCert;
  if (client?.iosBundleId !== undefined) h['x-ios-bundle-identifier'] = client.iosBundleId;
  return h;
}

function classify(status: number, text: string): PlacesProbeResult {
  if (status === 200) return { ok: true };
  const info = errorInfoOf(text);
  const reason = /"reason"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1] ?? '';
  const state = /"status"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1] ?? '';
  const advice = info === undefined ? undefined : accessAdvice(info);
  const said = `the Places API answered HTTP ${status}${state === '' ? '' : ` ${state}`}${reason === '' ? '' : ` (${reason})`}${advice === undefined ? '' : `: ${advice}`}`;
  if (CLIENT_REFUSALS.has(reason))
    return { ok: false, retryable: false, reason: said, clientRefused: reason as ClientRefusal };
  const retryable = status === 429 || status >= 500 || PROPAGATING.has(reason);
  return { ok: false, retryable, reason: said };
}
