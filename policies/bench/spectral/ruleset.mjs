// A Spectral ruleset equivalent to `docugen-secrets check` per file, for the
// benchmark only: the manifest JSON Schema inlined (Spectral silently ignores a
// $ref'd one) plus DocuGen's per-manifest policies as custom functions with the
// numbers of policies/config.yaml. Spectral lints one document at a time, so
// the cross-manifest rules (SM007 unique ids, SM008 unique targets, SM011
// CODEOWNERS) have no equivalent here; the comparison favours Spectral.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schema, truthy } from '@stoplight/spectral-functions';
import { parse } from 'yaml';

// Spectral evaluates a bundled copy of this file (no import.meta, no __filename): run it from the repository root.
const root = process.cwd();
const manifestSchema = JSON.parse(
  readFileSync(join(root, 'packages/manifest/src/schema/secret-manifest.v1.schema.json'), 'utf8'),
);
const config = parse(readFileSync(join(root, 'policies/config.yaml'), 'utf8'));
const teams = parse(readFileSync(join(root, 'policies/teams.yaml'), 'utf8'));
const people = new Set(teams.people.map((p) => p.handle));
const slugs = new Set(teams.teams.map((t) => t.slug));
const refs = new Set(teams.teams.filter((t) => t.members.length > 0).map((t) => t.github));

const D = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
function ms(text, bound) {
  const m = D.exec(text ?? '');
  if (!m) return NaN;
  const n = (i) => Number(m[i] ?? 0);
  const month = bound === 'max' ? 31 : 28;
  const year = bound === 'max' ? 366 : 365;
  return ((n(1) * year + n(2) * month + n(3) * 7 + n(4)) * 86400 + n(5) * 3600 + n(6) * 60 + n(7)) * 1000;
}
const fail = (message, path) => [{ message, path }];

function maxCadence(m) {
  const c = m?.rotation?.cadence;
  if (!c) return [];
  const limits = config.rules.SM001.options.maxCadence;
  const own = limits[m.classification] ?? limits.any;
  const limit = Math.min(ms(own, 'min'), ms(limits.any, 'min'));
  return ms(c, 'max') > limit ? fail(`cadence ${c} too long for ${m.classification}`, ['rotation', 'cadence']) : [];
}
function minCadence(m) {
  const c = m?.rotation?.cadence;
  const min = config.rules.SM002.options.minCadence[m?.backend?.kind];
  return c && min && ms(c, 'min') < ms(min, 'max')
    ? fail(`cadence ${c} too short for ${m.backend.kind}`, ['rotation', 'cadence'])
    : [];
}
function lifetime(m) {
  const r = m?.rotation ?? {};
  const e = m?.expiry ?? {};
  if (!r.cadence && !e.maxAge && !e.notAfter) return fail('unbounded lifetime', ['rotation']);
  const out = [];
  if (r.cadence && e.maxAge && ms(e.maxAge, 'min') < ms(r.cadence, 'max') + (r.overlap ? ms(r.overlap, 'max') : 0))
    out.push({ message: 'maxAge < cadence + overlap', path: ['expiry', 'maxAge'] });
  (e.warnBefore ?? []).forEach(
    (w, i) =>
      e.maxAge &&
      ms(w, 'max') >= ms(e.maxAge, 'min') &&
      out.push({ message: 'warning window too long', path: ['expiry', 'warnBefore', i] }),
  );
  return out;
}
function overlap(m) {
  const r = m?.rotation;
  if (!r || r.kind === 'manual') return [];
  const times = (m.consumers ?? [])
    .map((c) =>
      c.reload?.kind === 'live-client'
        ? c.reload.refreshInterval
        : c.reload?.kind === 'rolling-restart'
          ? c.reload.rolloutDuration
          : undefined,
    )
    .filter(Boolean);
  const slowest = Math.max(0, ...times.map((t) => ms(t, 'max')));
  return ms(r.overlap, 'min') < slowest
    ? fail('overlap shorter than the slowest consumer', ['rotation', 'overlap'])
    : [];
}
function signing(m) {
  const r = m?.rotation;
  if (r?.kind !== 'signing-key-pair') return [];
  const out = [];
  if (ms(r.overlap, 'min') < ms(r.maxTokenLifetime, 'max') + ms(r.verifierCacheTtl, 'max'))
    out.push({ message: 'overlap < lifetime + cache', path: ['rotation', 'overlap'] });
  if (ms(r.publishDelay, 'min') < ms(r.verifierCacheTtl, 'max'))
    out.push({ message: 'publishDelay < cache', path: ['rotation', 'publishDelay'] });
  return out;
}
function routable(m) {
  const out = [];
  if (m?.owner && !slugs.has(m.owner.team)) out.push({ message: 'unknown owner team', path: ['owner', 'team'] });
  (m?.owner?.handles ?? []).forEach(
    (h, i) => !people.has(h) && out.push({ message: 'unknown handle', path: ['owner', 'handles', i] }),
  );
  const o = m?.oncall ?? {};
  if (o.team && !refs.has(o.team)) out.push({ message: 'unroutable on-call team', path: ['oncall', 'team'] });
  (o.assignees ?? []).forEach(
    (h, i) => !people.has(h) && out.push({ message: 'unknown assignee', path: ['oncall', 'assignees', i] }),
  );
  (o.escalation ?? []).forEach(
    (s, i) =>
      s.team &&
      !refs.has(s.team) &&
      out.push({ message: 'unroutable escalation', path: ['oncall', 'escalation', i, 'team'] }),
  );
  return out;
}
function consumers(m) {
  const seen = new Set();
  return (m?.consumers ?? []).flatMap((c, i) =>
    seen.has(c.service)
      ? [{ message: 'duplicate consumer', path: ['consumers', i, 'service'] }]
      : (seen.add(c.service), []),
  );
}
function strategy(m) {
  return config.rules.SM010.options.strategies.includes(m?.rotation?.strategy)
    ? fail('strategy needs a waiver', ['rotation', 'strategy'])
    : [];
}
function production(m) {
  if (m?.environment !== 'production') return [];
  const o = config.rules.SM012.options;
  const b = m.backend ?? {};
  if (!o.backends.includes(b.kind)) return fail('backend not allowed', ['backend', 'kind']);
  if (b.kind === 'sops') return b.path?.startsWith(o.sopsPathPrefix) ? [] : fail('sops path', ['backend', 'path']);
  const out = [];
  if (!o.awsRegions.includes(b.region)) out.push({ message: 'region', path: ['backend', 'region'] });
  if (!b.name?.startsWith('arn:') && !b.name?.startsWith(o.awsNamePrefix))
    out.push({ message: 'name prefix', path: ['backend', 'name'] });
  if (o.requireKmsKey && !b.kmsKeyId) out.push({ message: 'kms', path: ['backend'] });
  return out;
}

const rule = (description, then) => ({ description, given: '$', severity: 'error', then });
export default {
  rules: {
    'manifest-schema': rule('manifest schema', {
      function: schema,
      functionOptions: { schema: manifestSchema, dialect: 'draft2020-12', allErrors: true },
    }),
    'manifest-id-present': rule('id', { field: 'id', function: truthy }),
    SM001: rule('max cadence', { function: maxCadence }),
    SM002: rule('min cadence', { function: minCadence }),
    SM003: rule('bounded lifetime', { function: lifetime }),
    SM004: rule('overlap covers consumers', { function: overlap }),
    SM005: rule('signing key publication', { function: signing }),
    SM006: rule('routable owner and on-call', { function: routable }),
    SM009: rule('consumers listed once', { function: consumers }),
    SM010: rule('strategy needs a waiver', { function: strategy }),
    SM012: rule('production backend', { function: production }),
  },
};
