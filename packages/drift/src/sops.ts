import type { ReportedFinding } from '@docugen-secrets/policy-engine';
import { historyOf } from './audit-index.js';
import type { SecretHistory } from './history.js';
import { driftFinding, q, type DriftFact } from './finding.js';
import type { DriftManifest, SopsFileFacts, SopsListing } from './model.js';
import { outOfBandFacts, stageFacts, type StageView } from './stages.js';
import { CLAIM_TAG, type CheckContext } from './vault.js';

type Base = Pick<DriftFact, 'file' | 'backend' | 'location' | 'secretId'>;

const msOf = (d: Date | undefined): number | undefined => d?.getTime();

/** The stages as the file's clear, MAC-covered fields give them. */
export function sopsStages(f: SopsFileFacts): StageView {
  const holder = (stage: string): SopsFileFacts['versions'][number] | undefined =>
    f.versions.find((v) => v.stage === stage);
  const current = holder('current');
  const pending = holder('pending');
  const previous = holder('previous');
  return {
    current: current?.id,
    pending: pending?.id,
    previous: previous?.id,
    pendingAt: msOf(pending?.createdAt),
    promotedAt: msOf(f.rotatedAt),
    changedAt: msOf(f.changedAt),
    createdAt: msOf(f.createdAt),
    claimed: f.tags[CLAIM_TAG] === 'first-rotation',
  };
}

function recipientFacts(f: SopsFileFacts, id: string, base: Base): DriftFact[] {
  if (f.expectedRecipients === undefined) return [];
  const want = new Set(f.expectedRecipients);
  const have = new Set(f.recipients);
  const extra = [...have].filter((r) => !want.has(r)).sort();
  const lacking = [...want].filter((r) => !have.has(r)).sort();
  if (extra.length === 0 && lacking.length === 0) return [];
  const parts = [
    ...(extra.length > 0
      ? [`encrypted to ${extra.map(q).join(', ')} that ${f.expectedFrom ?? '.sops.yaml'} does not name`]
      : []),
    ...(lacking.length > 0 ? [`not encrypted to ${lacking.map(q).join(', ')}`] : []),
  ];
  return [
    {
      ...base,
      code: 'DRIFT005',
      message: `secret ${id}: ${q(f.path)} is ${parts.join(' and ')}; run "docugen-secrets sops updatekeys" on it`,
    },
  ];
}

function duplicateStageFacts(f: SopsFileFacts, id: string, base: Base): DriftFact[] {
  return (['current', 'pending', 'previous'] as const).flatMap((stage) => {
    const holders = f.versions.filter((v) => v.stage === stage);
    if (holders.length < 2) return [];
    const message = `secret ${id}: ${holders.length} versions of ${q(f.path)} claim the ${stage} stage (${holders.map((v) => v.id).join(', ')}): more versions than the strategy allows — the file was edited by hand`;
    return [{ ...base, code: 'DRIFT004' as const, detail: 'extra-versions', message }];
  });
}

function commitFacts(f: SopsFileFacts, id: string, history: SecretHistory, base: Base): DriftFact[] {
  if (f.lastCommit === undefined || history.hasCommit(f.lastCommit)) return [];
  const message = `secret ${id}: the last commit that changed ${q(f.path)} (${f.lastCommit.slice(0, 12)}) was not made by the rotator (the audit trail records no such commit); review it, then rotate through the tool`;
  return [{ ...base, code: 'DRIFT003', detail: 'out-of-band-commit', message }];
}

function declaredFacts(d: DriftManifest, f: SopsFileFacts, ctx: CheckContext): DriftFact[] {
  const m = d.manifest;
  const base: Base = { file: d.file, backend: 'sops', location: f.path, secretId: m.id };
  const view = sopsStages(f);
  const history = historyOf(ctx.audit ?? new Map(), m.id);
  const out = recipientFacts(f, m.id, base);
  if (ctx.audit !== undefined) {
    outOfBandFacts(out, m, view, history, base, () => `of ${q(f.path)}`);
    out.push(...commitFacts(f, m.id, history, base));
  }
  stageFacts(out, m, view, history, ctx, base);
  out.push(...duplicateStageFacts(f, m.id, base));
  return out;
}

function missingFact(d: DriftManifest, path: string, ctx: CheckContext): DriftFact[] {
  const m = d.manifest;
  const stored = ctx.audit === undefined ? undefined : historyOf(ctx.audit, m.id).wroteAny();
  if (stored === false && m.rotation.kind === 'manual') return [];
  const base = { code: 'DRIFT002' as const, file: d.file, backend: 'sops' as const, location: path, secretId: m.id };
  if (stored === false)
    return [
      {
        ...base,
        severity: 'warning',
        detail: 'not-created',
        message: `secret ${m.id}: SOPS file ${q(path)} does not exist yet; the next rotate creates it`,
      },
    ];
  const why =
    stored === true
      ? 'although the audit trail records versions the tool stored: it was deleted outside the tool'
      : 'and no audit trail was given to tell whether it ever existed';
  return [{ ...base, message: `secret ${m.id}: SOPS file ${q(path)} is missing ${why}` }];
}

function orphanFact(f: SopsFileFacts, ids: ReadonlySet<string>): DriftFact {
  const why =
    f.id !== undefined && ids.has(f.id)
      ? `it holds ${q(f.id)}, whose manifest now names another file`
      : f.id !== undefined
        ? `it holds ${q(f.id)}, a manifest that no longer exists`
        : "it is in the store's layout";
  return {
    code: 'DRIFT001',
    file: f.displayPath,
    backend: 'sops',
    location: f.path,
    ...(f.id === undefined ? {} : { secretId: f.id }),
    message: `SOPS file ${q(f.path)} is declared by no manifest: ${why}`,
  };
}

/** Compares the manifests that use SOPS with the store's files: missing, orphan, recipients, stages, out of band. */
export function sopsDrift(
  manifests: readonly DriftManifest[],
  listing: SopsListing,
  ctx: CheckContext,
): ReportedFinding[] {
  const byPath = new Map(listing.files.map((f) => [f.path, f]));
  const declared = new Set<string>();
  const facts: DriftFact[] = [];
  for (const d of manifests) {
    const b = d.manifest.backend;
    if (b.kind !== 'sops') continue;
    declared.add(b.path);
    const f = byPath.get(b.path);
    facts.push(...(f ? declaredFacts(d, f, ctx) : missingFact(d, b.path, ctx)));
  }
  let ids: ReadonlySet<string> | undefined;
  for (const f of listing.files) {
    if (!f.managed || declared.has(f.path)) continue;
    ids ??= new Set(manifests.map((d) => d.manifest.id));
    facts.push(orphanFact(f, ids));
  }
  return facts.map(driftFinding);
}
