import type { ReportedFinding } from '@docugen-secrets/policy-engine';
import { historyOf, type SecretHistory } from './audit-index.js';
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
  readonly audit?: ReadonlyMap<string, SecretHistory>;
  readonly now: Date;
  readonly grace: string;
}

type AwsBackend = Extract<DriftManifest['manifest']['backend'], { kind: 'aws-secrets-manager' }>;

const key = (region: string, name: string): string => `${region}\u0000${name}`;

/** The stages as AWS labels give them (a pending label on current or previous is a finished rotation, as store-aws reads it). */
export function vaultStages(s: VaultSecret): StageView {
  const entries = Object.entries(s.versions);
  const has = (labels: readonly string[], l: string): boolean => labels.includes(l);
  const current = entries.find(([, l]) => has(l, 'AWSCURRENT'))?.[0];
  const previous = entries.find(([, l]) => has(l, 'AWSPREVIOUS') && !has(l, 'AWSCURRENT'))?.[0];
  const pending = entries.find(([, l]) => has(l, 'AWSPENDING') && !has(l, 'AWSCURRENT') && !has(l, 'AWSPREVIOUS'))?.[0];
  return {
    ...(current === undefined ? {} : { current }),
    ...(pending === undefined ? {} : { pending }),
    ...(previous === undefined ? {} : { previous }),
    ...(s.lastChangedAt ? { changedAt: s.lastChangedAt } : {}),
    ...(s.createdAt ? { createdAt: s.createdAt } : {}),
    claimed: s.tags[CLAIM_TAG] === CLAIM_VALUE,
  };
}

function sameKey(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  return actual === wanted || actual.endsWith(`:${wanted}`) || actual.endsWith(`/${wanted}`);
}

function tagFacts(
  d: DriftManifest,
  b: AwsBackend,
  s: VaultSecret,
  base: Omit<DriftFact, 'code' | 'message'>,
): DriftFact[] {
  const m = d.manifest;
  const out: DriftFact[] = [];
  for (const [tag, want] of [
    [ID_TAG, m.id],
    [OWNER_TAG, m.owner.team],
  ] as const) {
    const have = s.tags[tag];
    if (have === want) continue;
    const message = `secret ${m.id}: Secrets Manager secret ${q(b.name)} has ${have === undefined ? `no tag ${tag}` : `tag ${tag}=${q(have)}`}; the manifest says ${q(want)}`;
    out.push({ ...base, code: 'DRIFT006', detail: `tag:${tag}`, message });
  }
  if (b.kmsKeyId !== undefined && !sameKey(s.kmsKeyId, b.kmsKeyId)) {
    const have = s.kmsKeyId === undefined ? 'the default key aws/secretsmanager' : q(s.kmsKeyId);
    out.push({
      ...base,
      code: 'DRIFT006',
      detail: 'kms-key',
      message: `secret ${m.id}: Secrets Manager secret ${q(b.name)} is encrypted with ${have}; the manifest names ${q(b.kmsKeyId)}`,
    });
  }
  return out;
}

function labelFacts(d: DriftManifest, s: VaultSecret, base: Omit<DriftFact, 'code' | 'message'>): DriftFact[] {
  return Object.entries(s.versions).flatMap(([versionId, labels]) => {
    const extra = labels.filter((l) => !KNOWN_LABELS.has(l));
    if (extra.length === 0) return [];
    const message = `secret ${d.manifest.id}: version ${versionId} is kept alive by label${extra.length === 1 ? '' : 's'} ${extra.map(q).join(', ')}, which the ${d.manifest.rotation.strategy} strategy does not use (more versions than it allows); remove the label`;
    return [{ ...base, code: 'DRIFT004' as const, detail: 'extra-versions', versionId, message }];
  });
}

function declaredFacts(d: DriftManifest, b: AwsBackend, s: VaultSecret, ctx: CheckContext): DriftFact[] {
  const base = {
    file: d.file,
    backend: 'aws-secrets-manager' as const,
    location: vaultLocation(b.region, b.name),
    secretId: d.manifest.id,
  };
  const view = vaultStages(s);
  const history = historyOf(ctx.audit ?? new Map(), d.manifest.id);
  const oob =
    ctx.audit === undefined
      ? []
      : outOfBandFacts(d.manifest, view, history, base, `of Secrets Manager secret ${q(b.name)}`);
  return [
    ...tagFacts(d, b, s, base),
    ...oob,
    ...stageFacts(d.manifest, view, { history, now: ctx.now, grace: ctx.grace }, base),
    ...labelFacts(d, s, base),
  ];
}

function missingFacts(d: DriftManifest, b: AwsBackend, ctx: CheckContext): DriftFact[] {
  const m = d.manifest;
  const stored = ctx.audit === undefined ? undefined : historyOf(ctx.audit, m.id).written.size > 0;
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

/** Compares the manifests that use Secrets Manager with the listing: missing, orphan, tags and KMS key, stages, out of band. */
export function vaultDrift(
  manifests: readonly DriftManifest[],
  listing: VaultListing,
  ctx: CheckContext,
): ReportedFinding[] {
  const byName = new Map(listing.secrets.map((s) => [key(s.region, s.name), s]));
  const declared = new Set<string>();
  const facts: DriftFact[] = [];
  for (const d of manifests) {
    const b = d.manifest.backend;
    if (b.kind !== 'aws-secrets-manager' || !listing.regions.includes(b.region)) continue;
    declared.add(key(b.region, b.name));
    const s = byName.get(key(b.region, b.name));
    facts.push(...(s ? declaredFacts(d, b, s, ctx) : missingFacts(d, b, ctx)));
  }
  const ids = new Set(manifests.map((d) => d.manifest.id));
  for (const s of listing.secrets) if (!declared.has(key(s.region, s.name))) facts.push(orphanFact(s, ids));
  return facts.map(driftFinding);
}
