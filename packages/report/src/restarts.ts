import type { AuditRecord } from '@docugen-secrets/audit';
import type { RestartEvent } from './types.js';

/** The audit actions of a sent restart: by the state machine, or after a person's manual rotation. */
const SENT = new Set(['rotation.restart', 'manual.restart']);

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * The consumer restarts triggered per secret, read off the audit trail (the
 * reload hooks record every acknowledged send there), oldest first. A resend
 * of the same delivery (after a crash) is one restart: the first
 * acknowledged send is kept. Only ids, names and times: never a value.
 */
export function restartEvents(audit: readonly AuditRecord[]): Map<string, RestartEvent[]> {
  const seen = new Set<string>();
  const out = new Map<string, RestartEvent[]>();
  for (const r of audit) {
    if (!SENT.has(r.action) || r.outcome !== 'success') continue;
    const at = new Date(r.at);
    const d = r.details ?? {};
    const delivery = text(d['deliveryId']);
    if (Number.isNaN(at.getTime()) || text(d['service']) === '') continue;
    const key = `${r.secretId}\u0000${delivery === '' ? `${r.at}\u0000${text(d['service'])}` : delivery}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(r.secretId) ?? [];
    list.push({
      at,
      service: text(d['service']),
      deployment: text(d['deployment']),
      trigger: text(d['trigger']),
      ...(r.versionId === undefined ? {} : { versionId: r.versionId }),
    });
    out.set(r.secretId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return out;
}

/** Restarts per consumer, e.g. `ocr-worker ×2 (repository-dispatch, last 2026-11-30)`, in first-restart order. */
export function restartSummary(events: readonly RestartEvent[]): string {
  const by = new Map<string, RestartEvent[]>();
  for (const e of events) by.set(e.service, [...(by.get(e.service) ?? []), e]);
  return [...by.entries()]
    .map(([service, list]) => {
      const last = list.at(-1);
      return `${service} ×${list.length} (${last?.trigger ?? ''}, last ${last?.at.toISOString().slice(0, 10) ?? ''})`;
    })
    .join('; ');
}
