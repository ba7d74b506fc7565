import type { FetchFn } from '../upstream/http.js';
import { isTransientNetworkError, type ProbeResult } from '../upstream/retry.js';
import type { PlacesProbePort } from './port.js';

export interface PlacesProbeOptions {
  /** Default https://places.googleapis.com; tests point it at the fake. */
  readonly baseUrl?: string;
  readonly fetch?: FetchFn;
}

/** ErrorInfo reasons that may clear once a brand-new key has propagated. */
const PROPAGATING = new Set(['API_KEY_INVALID', 'API_KEY_SERVICE_BLOCKED']);

/**
 * Places API (New) `places:searchText` with the key in `X-Goog-Api-Key`. The
 * field mask asks for place ids only, the cheapest (IDs-only) SKU. A key
 * restricted to server IPs answers API_KEY_IP_ADDRESS_BLOCKED from a runner
 * that is not among them: Google checked the key and found it valid, so
 * that counts as proof (with a detail), not as a failure.
 */
export function placesProbe(options: PlacesProbeOptions = {}): PlacesProbePort {
  const url = new URL('/v1/places:searchText', options.baseUrl ?? 'https://places.googleapis.com');
  const fetchFn = options.fetch ?? fetch;
  return {
    async searchText(apiKey, referer) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-goog-api-key': apiKey, 'x-goog-fieldmask': 'places.id' };
      if (referer !== undefined) headers['referer'] = referer;
      let status: number;
      let text: string;
      try {
        const res = await fetchFn(url, { method: 'POST', headers, body: JSON.stringify({ textQuery: 'DocuGen' }) });
        status = res.status;
        text = await res.text();
      } catch (err) {
        return { ok: false, retryable: isTransientNetworkError(err), reason: 'the Places API request failed to connect' };
      }
      return classify(status, text);
    },
  };
}

function classify(status: number, text: string): ProbeResult {
  if (status === 200) return { ok: true };
  const reason = /"reason"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1] ?? '';
  const state = /"status"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1] ?? '';
  if (reason === 'API_KEY_IP_ADDRESS_BLOCKED') return { ok: true, detail: 'key valid; restricted to server addresses other than this runner' };
  const retryable = status === 429 || status >= 500 || PROPAGATING.has(reason);
  return { ok: false, retryable, reason: `the Places API answered HTTP ${status}${state === '' ? '' : ` ${state}`}${reason === '' ? '' : ` (${reason})`}` };
}
