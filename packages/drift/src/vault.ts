import type { ReportedFinding } from '@docugen-secrets/policy-engine';
import { historyOf, type AuditIndex, type SecretHistory } from './audit-index.js';
import { driftFinding, q, vaultLocation, type DriftFact } from './finding.js';
import type { DriftManifest, VaultListing, VaultSecret } from './model.js';
import { outOfBandFacts, stageFacts, type StageView } from './stages.js';

/** Tags the tool puts on every secret it creates (store-aws `create`, rotation `claimFirst`). */
export const ID_TAG = 'docugen-secrets/id';
export const OWNER_TAG = 'docugen-secrets/owner';
/** The claim of a first rotation (rotation's CLAIM_TAG / CLAIM_VALUE). */
export const CLAIM_TAG = 'docugen-secrets/claim';
const CLAIM_VALUE = 'first-rotation';

/** Labels the tool uses: the three stages and the markers of the latest failed and retired versions. */
const KNOWN_LABELS: ReadonlySet<string> = new Set([
  'AWSCURRENT',
  'AWSPENDING',
  'AWSPREVIOUS',
  'DOCUGEN_FAILED',
  'DOCUGEN_RETIRED',
]);

export interface CheckContext {
  /** Absent: no audit trail was given, out-of-band changes are not judged. */
  readonly audit?: AuditIndex;
  readonly now: Date;
  readonly grace: string;
}

type AwsBackend = Extract<DriftManifest['manifest']['backend'], { kind: 'aws-secrets-manager' }>;

/** The stages as AWS labels give them (a pending label on current or previous is a finished rotation, as store-aws reads it). */
export function vaultStages(s: VaultSecret): StageView {
  // One pass over the versions; the first version holding each stage wins (as `find` over the entries would).
  let current: string | undefined;
  let previous: string | undefined;
  let pending: string | undefined;
  for (const id in s.versions) {
    const labels = s.versions[id] as readonly string[];
    const isCurrent = labels.includes('AWSCURRENT');
    const isPrevious = labels.includes('AWSPREVIOUS');
    if (isCurrent) current ??= id;
    else if (isPrevious) previous ??= id;
    else if (labels.includes('AWSPENDING')) pending ??= id;
  }
  return {
    current,
    pending,
    previous,
    pendingAt: undefined,
    promotedAt: undefined,
    changedAt: s.lastChangedAtMs,
    createdAt: s.createdAtMs,
    claimed: s.tags[CLAIM_TAG] === CLAIM_VALUE,
  };
}

function sameKey(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  return actual === wanted || actual.endsWith(`:${wanted}`) || actual.endsWith(`/${wanted}`);
}

function tagFacts(
  out: DriftFact[],
  d: DriftManifest,
  b: AwsBackend,
  s: VaultSecret,
  base: Omit<DriftFact, 'code' | 'message'>,
): void {
  const m = d.manifest;
  tagFact(out, m.id, b, s.tags[ID_TAG], ID_TAG, m.id, base);
  tagFact(out, m.id, b, s.tags[OWNER_TAG], OWNER_TAG, m.owner.team, base);
  if (b.kmsKeyId !== undefined && !sameKey(s.kmsKeyId, b.kmsKeyId)) {
    const have = s.kmsKeyId === undefined ? 'the default key aws/secretsmanager' : q(s.kmsKeyId);
    out.push({
      ...base,
      code: 'DRIFT006',
      detail: 'kms-key',
      message: `secret ${m.id}: Secrets Manager secret ${q(b.name)} is encrypted with ${have}; the manifest names ${q(b.kmsKeyId)}`,
    });
  }
}

function tagFact(
  out: DriftFact[],
  id: string,
  b: AwsBackend,
  have: string | undefined,
  tag: string,
  want: string,
  base: Omit<DriftFact, 'code' | 'message'>,
): void {
  if (have === want) return;
  const message = `secret ${id}: Secrets Manager secret ${q(b.name)} has ${have === undefined ? `no tag ${tag}` : `tag ${tag}=${q(have)}`}; the manifest says ${q(want)}`;
  out.push({ ...base, code: 'DRIFT006', detail: `tag:${tag}`, message });
}

function labelFacts(
  out: DriftFact[],
  d: DriftManifest,
  s: VaultSecret,
  base: Omit<DriftFact, 'code' | 'message'>,
): void {
  for (const versionId in s.versions) {
    const labels = s.versions[versionId] as readonly string[];
    let extra: string[] | undefined;
    for (const l of labels) if (!KNOWN_LABELS.has(l)) (extra ??= []).push(l);
    if (extra === undefined) continue;
    const message = `secret ${d.manifest.id}: version ${versionId} is kept alive by label${extra.length === 1 ? '' : 's'} ${extra.map(q).join(', ')}, which the ${d.manifest.rotation.strategy} strategy does not use (more versions than it allows); remove the label`;
    out.push({ ...base, code: 'DRIFT004', detail: 'extra-versions', versionId, message });
  }
}

function declaredFacts(out: DriftFact[], d: DriftManifest, b: AwsBackend, s: VaultSecret, ctx: CheckContext): void {
  const base = {
    file: d.file,
    backend: 'aws-secrets-manager' as const,
    location: vaultLocation(b.region, b.name),
    secretId: d.manifest.id,
  };
  const view = vaultStages(s);
  const history = historyOf(ctx.audit ?? NO_AUDIT, d.manifest.id);
  tagFacts(out, d, b, s, base);
  if (ctx.audit !== undefined)
    outOfBandFacts(out, d.manifest, view, history, base, () => `of Secrets Manager secret ${q(b.name)}`);
  stageFacts(out, d.manifest, view, history, ctx, base);
  labelFacts(out, d, s, base);
}

const NO_AUDIT: AuditIndex = new Map<string, SecretHistory>();

function pushAll(out: DriftFact[], facts: readonly DriftFact[]): void {
  for (const f of facts) out.push(f);
}

function missingFacts(d: DriftManifest, b: AwsBackend, ctx: CheckContext): DriftFact[] {
  const m = d.manifest;
  const stored = ctx.audit === undefined ? undefined : historyOf(ctx.audit, m.id).wroteAny();
  // A manual secret nobody has stored yet is the plan's "manual rotation needed", not drift.
  if (stored === false && m.rotation.kind === 'manual') return [];
  const base = {
    code: 'DRIFT002' as const,
    file: d.file,
    backend: 'aws-secrets-manager' as const,
    location: vaultLocation(b.region, b.name),
    secretId: m.id,
  };
  const where = `Secrets Manager secret ${q(b.name)} (${b.region})`;
  if (stored === false)
    return [
      {
        ...base,
        severity: 'warning',
        detail: 'not-created',
        message: `secret ${m.id}: ${where} does not exist yet; the next rotate creates it`,
      },
    ];
  const why =
    stored === true
      ? 'although the audit trail records versions the tool stored: it was deleted outside the tool'
      : 'and no audit trail was given to tell whether it ever existed';
  return [{ ...base, message: `secret ${m.id}: ${where} is missing ${why}` }];
}

function orphanFact(s: VaultSecret, ids: ReadonlySet<string>): DriftFact {
  const id = s.tags[ID_TAG];
  const why =
    id !== undefined && ids.has(id)
      ? `it is tagged as ${q(id)}, whose manifest now names another secret`
      : id !== undefined
        ? `it is tagged as ${q(id)}, a manifest that no longer exists`
        : 'it lies under a listed name prefix';
  const location = vaultLocation(s.region, s.name);
  return {
    code: 'DRIFT001',
    file: `aws-secrets-manager/${location}`,
    backend: 'aws-secrets-manager',
    location,
    ...(id === undefined ? {} : { secretId: id }),
    message: `Secrets Manager secret ${q(s.name)} (${s.region}) is declared by no manifest: ${why}`,
  };
}

/**
 * Compares the manifests that use Secrets Manager with the listing: missing, orphan, tags and KMS key, stages, out
 * of band. Manifests in a region the listing did not cover are pushed onto `unlisted` (not judged).
 */
export function vaultDrift(
  manifests: readonly DriftManifest[],
  listing: VaultListing,
  ctx: CheckContext,
  unlisted?: DriftManifest[],
): ReportedFinding[] {
  // Region → name → position of the secret in the listing (the last listed wins; listVault's own map when given);
  // `declared` marks the positions some manifest names (flags by position, not a second map of 10,000 names).
  const secrets = listing.secrets;
  const byRegion = listing.positions ?? positionsOf(secrets);
  const declared = new Uint8Array(secrets.length);
  const facts: DriftFact[] = [];
  for (const d of manifests) {
    const b = d.manifest.backend;
    if (b.kind !== 'aws-secrets-manager') continue;
    if (!listing.regions.includes(b.region)) {
      unlisted?.push(d);
      continue;
    }
    const at = byRegion.get(b.region)?.get(b.name);
    if (at === undefined) {
      pushAll(facts, missingFacts(d, b, ctx));
      continue;
    }
    declared[at] = 1;
    declaredFacts(facts, d, b, secrets[at] as VaultSecret, ctx);
  }
  let ids: ReadonlySet<string> | undefined;
  // listVault's positions hold each listed secret once, at its own position; a map built here keeps the last of a name.
  const own = listing.positions !== undefined;
  for (let i = 0; i < secrets.length; i++) {
    const s = secrets[i] as VaultSecret;
    if (declared[own ? i : (byRegion.get(s.region)?.get(s.name) ?? -1)] === 1) continue;
    ids ??= new Set(manifests.map((d) => d.manifest.id));
    facts.push(orphanFact(s, ids));
  }
  return facts.map(driftFinding);
}

function positionsOf(secrets: readonly VaultSecret[]): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const byRegion = new Map<string, Map<string, number>>();
  for (let i = 0; i < secrets.length; i++) {
    const s = secrets[i] as VaultSecret;
    namesIn(byRegion, s.region).set(s.name, i);
  }
  return byRegion;
}

function namesIn<T>(index: Map<string, Map<string, T>>, region: string): Map<string, T> {
  let names = index.get(region);
  if (!names) {
    names = new Map<string, T>();
    index.set(region, names);
  }
  return names;
}
