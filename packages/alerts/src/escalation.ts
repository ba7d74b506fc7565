import { addDuration, tryParseDuration } from '@docugen-secrets/core';
import type { Classification, SecretManifest } from '@docugen-secrets/manifest';
import { sanitizeHandle } from './sanitize.js';
import { SEVERITIES, type AlertKind, type AlertSeverity, type Crossing } from './types.js';

/** Base severity by kind, indexed by classification rank (internal, high, critical). */
const BASE: Readonly<Record<AlertKind, readonly [AlertSeverity, AlertSeverity, AlertSeverity]>> = {
  expiring: ['low', 'medium', 'high'],
  'manual-rotation-needed': ['low', 'medium', 'high'],
  drift: ['low', 'medium', 'high'],
  overdue: ['medium', 'high', 'high'],
  'rotation-failed': ['medium', 'high', 'critical'],
  expired: ['high', 'critical', 'critical'],
};

const RANK: Readonly<Record<Classification, 0 | 1 | 2>> = { internal: 0, high: 1, critical: 2 };

/** The severity label of an alert: its kind and the secret's classification, one step up per crossing, at most critical. */
export function severityOf(kind: AlertKind, classification: Classification, level: number): AlertSeverity {
  const base = SEVERITIES.indexOf(BASE[kind][RANK[classification]]);
  return SEVERITIES[Math.min(SEVERITIES.length - 1, base + level)] ?? 'critical';
}

function minus(at: Date, iso: string): Date | undefined {
  const d = tryParseDuration(iso);
  return d === undefined ? undefined : addDuration(at, d, -1);
}

/** The instants the manifest's warning windows open before `expiry`, earliest first, with their duration. */
export function windowOpenings(manifest: SecretManifest, expiry: Date): { at: Date; window: string }[] {
  return manifest.expiry.warnBefore
    .flatMap((w) => {
      const at = minus(expiry, w);
      return at ? [{ at, window: w }] : [];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Every crossing of an alert that started at `since`, up to `now`, in time
 * order: warning windows that open after `since` (a tighter window is a
 * nearer deadline) and the on-call escalation delays counted from `since`.
 */
export function crossingsOf(manifest: SecretManifest, since: Date, expiry: Date | undefined, now: Date): Crossing[] {
  const windows: Crossing[] = (expiry ? windowOpenings(manifest, expiry) : [])
    .filter((w) => w.at > since && w.at <= now)
    .map((w) => ({
      at: w.at,
      what: `the ${w.window} warning window opened (deadline ${expiry?.toISOString() ?? ''})`,
    }));
  const steps: Crossing[] = (manifest.oncall.escalation ?? []).flatMap((s) => {
    const delay = tryParseDuration(s.after);
    const at = delay ? addDuration(since, delay) : undefined;
    if (!at || at > now) return [];
    const team = s.team === undefined ? undefined : sanitizeHandle(s.team);
    const assignees = (s.assignees ?? []).flatMap((a) => sanitizeHandle(a) ?? []);
    return [
      {
        at,
        what: `unresolved for ${s.after}: escalated`,
        ...(team ? { team } : {}),
        ...(assignees.length > 0 ? { assignees } : {}),
      },
    ];
  });
  return [...windows, ...steps].sort((a, b) => a.at.getTime() - b.at.getTime());
}
