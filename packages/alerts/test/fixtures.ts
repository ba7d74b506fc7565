import type { SecretManifest } from '@docugen-secrets/manifest';
import type { PlanEntry } from '@docugen-secrets/rotation';
import type { DesiredAlert, TrackedIssue } from '../src/index.js';
import { renderIssue } from '../src/index.js';

/** A valid manifest (two-key Google key, P7D/P1D windows, escalation after PT4H) with overrides. */
export function manifest(id: string, over: Partial<SecretManifest> = {}): SecretManifest {
  return {
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: 'test secret',
    environment: 'production',
    owner: { team: 'platform', handles: ['@alice'] },
    oncall: {
      team: '@docugen/platform-oncall',
      assignees: ['@alice'],
      escalation: [{ after: 'PT4H', team: '@docugen/security-oncall', assignees: ['@bob'] }],
    },
    classification: 'high',
    consumers: [{ service: 'api', reload: { kind: 'live-client', refreshInterval: 'PT1M' } }],
    backend: { kind: 'aws-secrets-manager', name: `docugen/${id}`, region: 'eu-west-1' },
    rotation: {
      kind: 'google-api-key',
      strategy: 'two-key',
      project: 'docugen',
      apiTargets: ['places.googleapis.com'],
      cadence: 'P30D',
      overlap: 'P2D',
    },
    expiry: { maxAge: 'P40D', warnBefore: ['P7D', 'P1D'] },
    runbook: `docs/runbooks/${id}.md`,
    ...over,
  };
}

/** A manual-rotation manifest (vendor token with a fixed notAfter). */
export function manualManifest(id: string, notAfter: string): SecretManifest {
  return manifest(id, {
    rotation: { kind: 'manual', strategy: 'manual', procedure: `docs/runbooks/${id}.md#rotation` },
    expiry: { notAfter, warnBefore: ['P14D', 'P3D', 'P1D'] },
  });
}

export const T0 = new Date('2026-06-01T00:00:00Z');
export const at = (days: number, hours = 0): Date => new Date(T0.getTime() + (days * 24 + hours) * 3_600_000);

/** A plan entry for a secret last rotated at T0 (due T0+30d, expires T0+40d) with the given status. */
export function entry(
  id: string,
  status: PlanEntry['status'],
  over: { [K in keyof PlanEntry]?: PlanEntry[K] | undefined } = {},
): PlanEntry {
  const e = {
    secretId: id,
    rotationKind: 'google-api-key',
    strategy: 'two-key',
    status,
    action: 'none',
    reason: 'test',
    lastRotatedAt: T0,
    dueAt: at(30),
    expiresAt: at(40),
    ...over,
  };
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as PlanEntry;
}

let next = 100;

/** An issue as the tracker would list it for a desired alert (rendered exactly), with overrides. */
export function issueFor(a: DesiredAlert, over: Partial<TrackedIssue> & { level?: number } = {}): TrackedIssue {
  const r = renderIssue(a, {});
  const { level, ...rest } = over;
  const body = level === undefined ? r.body : r.body.replace(/level=\d+/, `level=${level}`);
  return {
    number: next++,
    state: 'open',
    stateReason: null,
    title: r.title,
    body,
    labels: [...r.labels],
    url: 'http://x/issues/1',
    ...rest,
  };
}
