import type { SecretManifest } from '@docugen-secrets/manifest';
import type { SecretDescription } from '@docugen-secrets/secret-store';
import { cadenceDueAt, expiresAt, isAutomatic, plus, warningTimes } from '../schedule.js';
import { pendingFinishAt, previousRetireAt, promotedAt, viewOf, type VersionView } from './facts.js';
import type { PlanAction, PlanEntry, PlanOptions, PlanStatus } from './types.js';

/** The status the clock alone gives (before pending versions, manual rotation and waivers are considered). */
type TimeStatus = 'expired' | 'overdue' | 'due' | 'expiring' | 'ok';

interface Times {
  readonly lastRotatedAt?: Date;
  readonly dueAt?: Date;
  readonly expiresAt?: Date;
  readonly warningFrom?: Date;
  readonly nextWarningAt?: Date;
  readonly retireAt?: Date;
}

type Base = Pick<PlanEntry, 'secretId' | 'rotationKind' | 'strategy'> & Omit<Times, 'warningFrom'>;

const iso = (d: Date): string => d.toISOString();

function timesOf(manifest: SecretManifest, desc: SecretDescription, view: VersionView | undefined, now: Date): Times {
  const last = view ? promotedAt(desc, view) : undefined;
  const dueAt = last ? cadenceDueAt(manifest, last) : undefined;
  const expiry = expiresAt(manifest, last);
  const warnings = expiry ? warningTimes(manifest, expiry) : [];
  const retire = view ? previousRetireAt(manifest, desc, view, false) : undefined;
  const next = warnings.find((w) => w > now);
  return {
    ...(last ? { lastRotatedAt: last } : {}),
    ...(dueAt ? { dueAt } : {}),
    ...(expiry ? { expiresAt: expiry } : {}),
    ...(warnings[0] ? { warningFrom: warnings[0] } : {}),
    ...(next ? { nextWarningAt: next } : {}),
    ...(retire ? { retireAt: retire } : {}),
  };
}

function timeStatus(t: Times, now: Date, overdueAfter: string): TimeStatus {
  if (t.expiresAt && now >= t.expiresAt) return 'expired';
  if (t.dueAt && now >= plus(t.dueAt, overdueAfter)) return 'overdue';
  if (t.dueAt && now >= t.dueAt) return 'due';
  if (t.warningFrom && now >= t.warningFrom) return 'expiring';
  return 'ok';
}

function why(status: TimeStatus, t: Times, manifest: SecretManifest): string {
  const cadence = manifest.rotation.cadence ?? '(none)';
  switch (status) {
    case 'expired':
      return `expired at ${iso(t.expiresAt ?? new Date(0))}`;
    case 'overdue':
      return `overdue: cadence ${cadence} ran out at ${iso(t.dueAt ?? new Date(0))}`;
    case 'due':
      return `due: cadence ${cadence} ran out at ${iso(t.dueAt ?? new Date(0))}`;
    case 'expiring':
      return `expiring at ${iso(t.expiresAt ?? new Date(0))} (inside the warning window)`;
    case 'ok':
      return t.dueAt ? `ok until ${iso(t.dueAt)}` : 'ok';
  }
}

function entry(
  base: Base,
  status: PlanStatus,
  action: PlanAction,
  reason: string,
  extra: Partial<PlanEntry> = {},
): PlanEntry {
  return { ...base, status, action, reason, ...extra };
}

function manualEntry(base: Base, status: TimeStatus, reason: string, manifest: SecretManifest): PlanEntry {
  const procedure = manifest.rotation.kind === 'manual' ? manifest.rotation.procedure : manifest.runbook;
  switch (status) {
    case 'expired':
    case 'expiring':
      return entry(base, status, 'manual', `${reason}; rotate by hand: ${procedure}`);
    case 'overdue':
    case 'due':
      return entry(base, 'blocked', 'manual', `manual rotation ${reason}; follow ${procedure}`);
    case 'ok':
      return entry(base, 'ok', 'none', `${reason} (manual rotation)`);
  }
}

function pendingEntry(base: Base, manifest: SecretManifest, view: VersionView, now: Date): PlanEntry {
  const pendingVersionId = view.pending?.versionId ?? '';
  // The first signing key is promoted at once (nothing signed yet; see the state machine).
  const finish = view.current ? pendingFinishAt(manifest, view) : undefined;
  if (finish && finish > now) {
    return entry(
      base,
      'in-progress',
      'wait',
      `new key published, promotion after the publish delay at ${iso(finish)}`,
      { resumeStep: 'finish', waitUntil: finish, pendingVersionId },
    );
  }
  return entry(
    base,
    'in-progress',
    'resume',
    `a rotation is in progress (pending version ${pendingVersionId}); rotate resumes it`,
    { resumeStep: 'set', pendingVersionId },
  );
}

/**
 * expiry.notAfter is a fixed date (a vendor's): once the value was rotated
 * inside its warning window, rotating again cannot move it, so the clock
 * alone must not drive rotation any more (it would rotate again after every
 * overlap, forever) — a human updates notAfter for the new credential.
 */
function pinnedByNotAfter(manifest: SecretManifest, t: Times): boolean {
  const notAfter = manifest.expiry.notAfter;
  if (notAfter === undefined || !t.expiresAt || !t.lastRotatedAt || !t.warningFrom) return false;
  return t.expiresAt.getTime() === Date.parse(notAfter) && t.lastRotatedAt >= t.warningFrom;
}

/** The status that decides whether to rotate: the cadence alone when notAfter is pinned. */
function driveStatus(
  manifest: SecretManifest,
  t: Times,
  status: TimeStatus,
  now: Date,
  overdueAfter: string,
): TimeStatus {
  if ((status !== 'expiring' && status !== 'expired') || !pinnedByNotAfter(manifest, t)) return status;
  const { expiresAt: _e, warningFrom: _w, ...cadenceOnly } = t;
  return timeStatus(cadenceOnly, now, overdueAfter);
}

interface Judged {
  readonly status: TimeStatus;
  /** What drives the action (differs from status only when notAfter is pinned). */
  readonly drive: TimeStatus;
  readonly reason: string;
}

function notDriven(base: Base, j: Judged, now: Date): PlanEntry {
  const retire = base.retireAt;
  if (retire && retire <= now)
    return entry(
      base,
      j.status === 'ok' ? 'retire-due' : j.status,
      'retire',
      `${j.reason}; the previous version's overlap ended at ${iso(retire)}`,
      { resumeStep: 'retire' },
    );
  if (j.status !== 'ok') {
    const last = base.lastRotatedAt ? iso(base.lastRotatedAt) : '?';
    return entry(
      base,
      j.status,
      'manual',
      `${j.reason}; expiry.notAfter is a fixed date that rotation cannot move (already rotated at ${last}, inside the warning window): set the new credential's expiry.notAfter in the manifest`,
    );
  }
  return entry(base, 'ok', 'none', retire ? `${j.reason}; previous version retires at ${iso(retire)}` : j.reason);
}

function automaticEntry(base: Base, j: Judged, manifest: SecretManifest, now: Date, options: PlanOptions): PlanEntry {
  if (j.drive === 'ok') return notDriven(base, j, now);
  const { status, reason } = j;
  const retire = base.retireAt;
  if (manifest.rotation.strategy === 'single' && options.waivedSingle?.has(manifest.id) !== true) {
    return entry(
      base,
      'blocked',
      'manual',
      `${reason}; the single strategy rotates without overlap and needs a waiver`,
    );
  }
  if (retire && retire > now)
    return entry(base, status, 'wait', `${reason}; waits for the previous version to retire at ${iso(retire)}`, {
      waitUntil: retire,
    });
  return entry(base, status, 'rotate', reason);
}

/**
 * Decides one secret's status from its manifest, its store description and
 * `now`. Pure: no clock, no I/O. `desc` undefined means the store could not
 * be read (status unknown); a secret the store does not hold yet is due for
 * its initial creation.
 */
export function evaluate(
  manifest: SecretManifest,
  desc: SecretDescription | undefined,
  now: Date,
  options: PlanOptions = {},
): PlanEntry {
  const kind = { secretId: manifest.id, rotationKind: manifest.rotation.kind, strategy: manifest.rotation.strategy };
  if (desc === undefined) return entry(kind, 'unknown', 'none', 'the store could not be read');
  const view = desc.exists ? viewOf(desc) : undefined;
  const times = timesOf(manifest, desc, view, now);
  const overdueAfter = options.overdueAfter ?? 'P1D';
  const status = timeStatus(times, now, overdueAfter);
  const { warningFrom: _warningFrom, ...shown } = times;
  const base: Base = { ...kind, ...shown };
  const reason = why(status, times, manifest);
  if (!isAutomatic(manifest.rotation))
    return manualEntry(
      base,
      desc.exists ? status : 'due',
      desc.exists ? reason : 'is needed: the secret is not in the store yet',
      manifest,
    );
  if (!view) return entry(base, 'due', 'create', 'not created yet: rotate creates the first value');
  if (view.pending) return pendingEntry(base, manifest, view, now);
  if (!view.current)
    return entry(base, 'due', 'rotate', 'the secret exists but holds no current value: rotate stages and promotes one');
  return automaticEntry(
    base,
    { status, drive: driveStatus(manifest, times, status, now, overdueAfter), reason },
    manifest,
    now,
    options,
  );
}
