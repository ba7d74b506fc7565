import { AuditChain, type AuditEvent, type AuditRecord } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import { testManifest, testRandomRotation } from '@docugen-secrets/manifest/testing';
import type { SecretDescription } from '@docugen-secrets/secret-store';

export const NOW = new Date('2026-12-01T00:00:00Z');
export const DAY = 86_400_000;
export const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * DAY);

/** A report test's manifest: `testManifest` as the report tests read it (production names, hex values, no maxAge). */
export function manifest(
  id: string,
  over: { classification?: SecretManifest['classification']; sops?: string; cadence?: string; manual?: boolean } = {},
): SecretManifest {
  const rotation: SecretManifest['rotation'] = over.manual
    ? {
        kind: 'manual',
        strategy: 'manual',
        procedure: 'docs/runbooks/x.md',
        ...(over.cadence ? { cadence: over.cadence } : {}),
      }
    : testRandomRotation({ charset: 'hex', cadence: over.cadence ?? 'P30D' });
  return testManifest(id, {
    oncall: { team: '@docugen/platform-oncall' },
    classification: over.classification ?? 'critical',
    consumers: [{ service: 'svc', reload: { kind: 'live-client', refreshInterval: 'PT5M' } }],
    backend: over.sops
      ? { kind: 'sops', path: over.sops }
      : { kind: 'aws-secrets-manager', name: `production/${id}`, region: 'eu-west-1' },
    rotation,
    expiry: { warnBefore: ['P7D'] },
    runbook: 'docs/runbooks/x.md',
  });
}

/** A store description whose current version became current at `since`. */
export function described(id: string, since: Date | undefined): SecretDescription {
  return {
    ref: { id, target: { kind: 'memory', name: id } },
    exists: true,
    tags: {},
    ...(since ? { lastRotatedAt: since } : {}),
    versions: since ? [{ versionId: `${id}-v`, stages: ['current'], createdAt: since }] : [],
  };
}

const ACTOR = { kind: 'github-actions', actor: 'rotator-bot', runId: '42' } as const;

/** A finished rotation as the machine audits it (store-initial first for an initial value). */
export function finished(
  id: string,
  at: Date,
  opts: { token?: string; initial?: boolean; emergency?: string; manual?: boolean } = {},
): AuditEvent[] {
  const versionId = opts.token ?? `tok-${id}-${at.getTime()}`;
  const details = {
    rotator: 'random-secret',
    strategy: 'alternating',
    emergency: opts.emergency !== undefined,
    ...(opts.emergency ? { reason: opts.emergency } : {}),
    ...(opts.manual ? { manual: true } : {}),
  };
  const base = { actor: ACTOR, secretId: id, versionId, outcome: 'success' as const, details };
  return [
    ...(opts.initial ? [{ ...base, at: at.toISOString(), action: 'rotation.store-initial' }] : []),
    { ...base, at: at.toISOString(), action: 'rotation.finish' },
  ];
}

/** Chains events into records as the JSONL log writes them. */
export function chained(events: readonly AuditEvent[]): AuditRecord[] {
  const chain = new AuditChain();
  return events.map((e) => {
    const { record } = chain.prepare(e);
    chain.commit(record);
    return record;
  });
}
