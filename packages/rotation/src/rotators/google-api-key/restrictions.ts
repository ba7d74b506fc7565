import type { protos } from '@google-cloud/apikeys';
import type { ApiKeyRestrictions, ClientRestriction, ProbeClient } from './port.js';

type ProtoRestrictions = protos.google.api.apikeys.v2.IRestrictions;

/** From the API's message (nulls, oneof members) to the port's plain shape. */
export function fromProto(r: ProtoRestrictions | null | undefined): ApiKeyRestrictions {
  const apiTargets = (r?.apiTargets ?? [])
    .map((t) => ({ service: t.service ?? '', methods: [...(t.methods ?? [])] }))
    .filter((t) => t.service !== '');
  const client = clientFromProto(r);
  return client ? { apiTargets, client } : { apiTargets };
}

function clientFromProto(r: ProtoRestrictions | null | undefined): ClientRestriction | undefined {
  if (r?.browserKeyRestrictions)
    return { kind: 'browser', allowedReferrers: [...(r.browserKeyRestrictions.allowedReferrers ?? [])] };
  if (r?.serverKeyRestrictions) return { kind: 'server', allowedIps: [...(r.serverKeyRestrictions.allowedIps ?? [])] };
  if (r?.androidKeyRestrictions) {
    const apps = (r.androidKeyRestrictions.allowedApplications ?? []).map((a) => ({
      sha1Fingerprint: a.sha1Fingerprint ?? '',
      packageName: a.packageName ?? '',
    }));
    return { kind: 'android', allowedApplications: apps };
  }
  if (r?.iosKeyRestrictions)
    return { kind: 'ios', allowedBundleIds: [...(r.iosKeyRestrictions.allowedBundleIds ?? [])] };
  return undefined;
}

export function toProto(r: ApiKeyRestrictions): ProtoRestrictions {
  const apiTargets = r.apiTargets.map((t) => ({
    service: t.service,
    ...(t.methods.length > 0 ? { methods: [...t.methods] } : {}),
  }));
  const c = r.client;
  if (!c) return { apiTargets };
  switch (c.kind) {
    case 'browser':
      return { apiTargets, browserKeyRestrictions: { allowedReferrers: [...c.allowedReferrers] } };
    case 'server':
      return { apiTargets, serverKeyRestrictions: { allowedIps: [...c.allowedIps] } };
    case 'android':
      return {
        apiTargets,
        androidKeyRestrictions: { allowedApplications: c.allowedApplications.map((a) => ({ ...a })) },
      };
    case 'ios':
      return { apiTargets, iosKeyRestrictions: { allowedBundleIds: [...c.allowedBundleIds] } };
  }
}

/** Order-insensitive equality, so `set` only updates a key whose restrictions really differ. */
export function sameRestrictions(a: ApiKeyRestrictions, b: ApiKeyRestrictions): boolean {
  return canonical(a) === canonical(b);
}

function canonical(r: ApiKeyRestrictions): string {
  const targets = r.apiTargets.map((t) => `${t.service}:${[...t.methods].sort().join(',')}`).sort();
  const c = r.client;
  const client = !c ? '' : JSON.stringify({ ...c, ...listsSorted(c) });
  return JSON.stringify([targets, client]);
}

function listsSorted(c: ClientRestriction): Record<string, unknown> {
  switch (c.kind) {
    case 'browser':
      return { allowedReferrers: [...c.allowedReferrers].sort() };
    case 'server':
      return { allowedIps: [...c.allowedIps].sort() };
    case 'android':
      return { allowedApplications: c.allowedApplications.map((a) => `${a.packageName}/${a.sha1Fingerprint}`).sort() };
    case 'ios':
      return { allowedBundleIds: [...c.allowedBundleIds].sort() };
  }
}

/**
 * How the test call presents itself so the key's application restriction
 * admits it: a Referer filled from the first allowed pattern, the first
 * allowed Android app (package + certificate fingerprint, sent without
 * separators) or iOS bundle. Any allowed entry will do: Google admits a
 * caller that matches one. Undefined for unrestricted and server (IP) keys.
 */
export function probeClientFor(r: ApiKeyRestrictions): ProbeClient | undefined {
  const c = r.client;
  switch (c?.kind) {
    case undefined:
    case 'server':
      return undefined;
    case 'browser': {
      const referer = refererFor(c.allowedReferrers);
      return referer === undefined ? undefined : { referer };
    }
    case 'android': {
      const app = c.allowedApplications[0];
      return app
        ? { androidPackage: app.packageName, androidCert: app.sha1Fingerprint.replace(/:/g, '').toUpperCase() }
        : undefined;
    }
    case 'ios': {
      const bundle = c.allowedBundleIds[0];
      return bundle === undefined ? undefined : { iosBundleId: bundle };
    }
  }
}

/** The first allowed referrer pattern with its wildcards filled (`*.docugen.io/*` → `https://www.docugen.io/`). */
function refererFor(allowedReferrers: readonly string[]): string | undefined {
  const pattern = allowedReferrers[0];
  if (pattern === undefined) return undefined;
  const filled = pattern.replace(/^\*\./, 'www.').replace(/\*/g, '');
  const withScheme = /^[a-z]+:\/\//.test(filled) ? filled : `https://${filled}`;
  return withScheme.includes('/', withScheme.indexOf('//') + 2) ? withScheme : `${withScheme}/`;
}
