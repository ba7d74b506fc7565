import { createHash } from 'node:crypto';
import { severityOf } from './escalation.js';
import { sanitizeCode, sanitizeMessage } from './sanitize.js';
import type { DesiredAlert, DriftFinding } from './types.js';

/** How `drift --output` names a secret no manifest declares: `orphan:<backend>:<location>`. */
export const ORPHAN_PREFIX = 'orphan:';

/** The runbook every orphan links to: no manifest, so no secret runbook. */
export const ORPHAN_RUNBOOK = 'docs/runbooks/alerts.md';

const SLUG_CHARS = 24;

/**
 * The alert id of an orphan: `orphan-<slug of the location>-<8 hex of a
 * SHA-256 of the whole key>`. It must fit the issue marker (`[A-Za-z0-9._-]`)
 * and GitHub's 50-character label limit (`secret:<id>`), and stay the same
 * for the same orphan on every run; the hash keeps two locations with the
 * same slug apart.
 */
export function orphanAlertId(secretId: string): string {
  const hash = createHash('sha256').update(secretId).digest('hex').slice(0, 8);
  const location = secretId.split(':').slice(2).join(':');
  const slug = location
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(-SLUG_CHARS)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? `orphan-${hash}` : `orphan-${slug}-${hash}`;
}

function orphanAlert(f: DriftFinding): DesiredAlert {
  const [, backend = '', ...rest] = f.secretId.split(':');
  const where = sanitizeMessage(`${backend} ${rest.join(':')}`);
  const code = sanitizeCode(f.code) ?? 'UNKNOWN';
  return {
    secretId: orphanAlertId(f.secretId),
    kind: 'drift',
    // No manifest, no classification: treated as "high" (the default of a production secret) until someone owns it.
    severity: severityOf('drift', 'high', 0),
    since: f.since === undefined ? new Date(0) : new Date(f.since),
    level: 0,
    crossings: [],
    summary: `drift ${code}: ${sanitizeMessage(f.message)} (no manifest declares it: ${where})`,
    todo:
      'No manifest declares this secret. If something uses it, add a manifest for it in `secrets-manifests/` ' +
      '(README, "Adding a secret"); if nothing does, delete it from the store after checking its last use. Run `docugen-secrets drift` to see it again.',
    assignees: [],
    runbook: ORPHAN_RUNBOOK,
  };
}

/**
 * One `drift` alert per orphan of a drift findings file (a secret the store
 * holds that no manifest declares), under a derived id; the first finding of
 * an orphan wins. Findings of declared secrets are not orphans. Pure.
 */
export function orphanAlerts(drift: readonly DriftFinding[], declared: ReadonlySet<string>): DesiredAlert[] {
  const seen = new Set<string>();
  return drift.flatMap((f) => {
    if (!f.secretId.startsWith(ORPHAN_PREFIX) || declared.has(f.secretId) || seen.has(f.secretId)) return [];
    seen.add(f.secretId);
    return [orphanAlert(f)];
  });
}
