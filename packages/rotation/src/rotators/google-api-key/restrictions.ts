import type { protos } from '@google-cloud/apikeys';
import type { ApiKeyRestrictions, ClientRestriction } from './port.js';

type ProtoRestrictions = protos.google.api.apikeys.v2.IRestrictions;

/** From the API's message (nulls, oneof members) to the port's plain shape. */
export function fromProto(r: ProtoRestrictions | null | undefined): ApiKeyRestrictions {
  const apiTargets = (r?.apiTargets ?? []).map((t) => ({ service: t.service ?? '', methods: [...(t.methods ?? [])] })).filter((t) => t.service !== '');
  const client = clientFromProto(r);
  return client ? { apiTargets, client } : { apiTargets };
}

function clientFromProto(r: ProtoRestrictions | null | undefined): ClientRestriction | undefined {
  if (r?.browserKeyRestrictions) return { kind: 'browser', allowedReferrers: [...(r.browserKeyRestrictions.allowedReferrers ?? [])] };
  if (r?.serverKeyRestrictions) return { kind: 'server', allowedIps: [...(r.serverKeyRestrictions.allowedIps ?? [])] };
  if (r?.androidKeyRestrictions) {
    const apps = (r.androidKeyRestrictions.allowedApplications ?? []).map((a) => ({ sha1Fingerprint: a.sha1Fingerprint ?? '', packageName: a.packageName ?? '' }));
    return { kind: 'android', allowedApplications: apps };
  }
  if (r?.iosKeyRestrictions) return { kind: 'ios', allowedBundleIds: [...(r.iosKeyRestrictions.allowedBundleIds ?? [])] };
  return undefined;
}

export function toProto(r: ApiKeyRestrictions): ProtoRestrictions {
  const apiTargets = r.apiTargets.map((t) => ({ service: t.service, ...(t.methods.length > 0 ? { methods: [...t.methods] } : {}) }));
  const c = r.client;
  if (!c) return { apiTargets };
  switch (c.kind) {
    case 'browser':
      return { apiTargets, browserKeyRestrictions: { allowedReferrers: [...c.allowedReferrers] } };
    case 'server':
      return { apiTargets, serverKeyRestrictions: { allowedIps: [...c.allowedIps] } };
    case 'android':
      return { apiTargets, androidKeyRestrictions: { allowedApplications: c.allowedApplications.map((a) => ({ ...a })) } };
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
 * A Referer that the key's browser restriction admits, for the test call:
 * the first allowed pattern with its wildcards filled (`*.docugen.io/*` →
 * `https://www.docugen.io/`). Undefined for keys without referrer restrictions.
 */
export function refererFor(r: ApiKeyRestrictions): string | undefined {
  if (r.client?.kind !== 'browser') return undefined;
  const pattern = r.client.allowedReferrers[0];
  if (pattern === undefined) return undefined;
  const filled = pattern.replace(/^\*\./, 'www.').replace(/\*/g, '');
  const withScheme = /^[a-z]+:\/\//.test(filled) ? filled : `https://${filled}`;
  return withScheme.includes('/', withScheme.indexOf('//') + 2) ? withScheme : `${withScheme}/`;
}
