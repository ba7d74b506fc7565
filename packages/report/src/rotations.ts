import { describeActor, type AuditRecord } from '@docugen-secrets/audit';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { GitChange, RotationEvent, RotationTrigger } from './types.js';

/**
 * The value changes of every secret, read off the audit trail and the SOPS
 * repository's git history, oldest first per secret id.
 *
 * - Audit: a rotation is done when its `rotation.finish` step succeeded (the
 *   promotion). It is the secret's first value when a `rotation.store-initial`
 *   record claimed the same token; an emergency when the run recorded
 *   `emergency: true`; manual when a person supplied the value (`manual:
 *   true`, or the manual strategy); otherwise scheduled.
 * - Git: a commit that changed a SOPS secret's file without the rotator's
 *   `Secret:` trailer changed the value outside the tool (manual, by the
 *   commit's author).
 */
export function rotationEvents(
  manifests: readonly SecretManifest[],
  audit: readonly AuditRecord[],
  git: readonly GitChange[] = [],
): Map<string, RotationEvent[]> {
  const ids = new Set(manifests.map((m) => m.id));
  const initialTokens = new Set(
    audit
      .filter((r) => r.action === 'rotation.store-initial' && r.versionId !== undefined)
      .map((r) => `${r.secretId}\u0000${r.versionId ?? ''}`),
  );
  const out = new Map<string, RotationEvent[]>();
  const add = (id: string, e: RotationEvent): void => {
    if (!ids.has(id)) return;
    const list = out.get(id) ?? [];
    list.push(e);
    out.set(id, list);
  };
  for (const r of audit) {
    if (r.action !== 'rotation.finish' || r.outcome !== 'success') continue;
    const at = new Date(r.at);
    if (Number.isNaN(at.getTime())) continue;
    const initial = initialTokens.has(`${r.secretId}\u0000${r.versionId ?? ''}`);
    add(r.secretId, auditEvent(r, at, initial ? 'initial' : triggerOf(r)));
  }
  for (const m of manifests) {
    if (m.backend.kind !== 'sops') continue;
    const path = normalisePath(m.backend.path);
    for (const c of git) {
      if (c.secretTrailer === undefined && c.paths.some((p) => normalisePath(p) === path)) {
        add(m.id, {
          at: c.at,
          trigger: 'manual',
          by: `${c.author} (git commit ${c.commit.slice(0, 12)}, outside the rotator)`,
          source: 'git',
        });
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return out;
}

function auditEvent(r: AuditRecord, at: Date, trigger: RotationTrigger): RotationEvent {
  const reason = r.details?.['reason'];
  return {
    at,
    trigger,
    by: describeActor(r.actor),
    source: 'audit',
    ...(r.versionId === undefined ? {} : { versionId: r.versionId }),
    ...(trigger === 'emergency' && typeof reason === 'string' ? { reason } : {}),
  };
}

function triggerOf(r: AuditRecord): RotationTrigger {
  const d = r.details ?? {};
  if (d['emergency'] === true) return 'emergency';
  if (d['manual'] === true || d['strategy'] === 'manual' || d['trigger'] === 'manual') return 'manual';
  return 'scheduled';
}

function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}
