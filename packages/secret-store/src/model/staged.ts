import type { PutResult, SecretDescription, SecretRef, SecretValue, Stage, VersionInfo } from '../port.js';
import { storeError } from '../errors.js';
import { checkToken } from '../token.js';
import { sameValue } from '../values.js';

/**
 * The staged-version model shared by the in-memory and SOPS stores, as pure
 * functions of an immutable state: each operation returns the next state (or
 * the same object when it is a no-op) and throws a StoreError when refused.
 * The AWS adapter implements the same rules against the service's labels.
 *
 * Invariants: at most one version per stage; a version holds at most one
 * stage; the version id of a pending version is its idempotency token.
 */
export interface StagedVersion {
  readonly versionId: string;
  readonly createdAt: Date;
  readonly stage?: Stage;
  readonly failed?: boolean;
  readonly retired?: boolean;
  /** Absent when a store dropped the value of a failed or retired version. */
  readonly value?: SecretValue;
}

export interface StagedSecret {
  readonly createdAt: Date;
  readonly lastChangedAt: Date;
  readonly lastRotatedAt?: Date;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Newest first. */
  readonly versions: readonly StagedVersion[];
}

export function holder(state: StagedSecret, stage: Stage): StagedVersion | undefined {
  return state.versions.find((v) => v.stage === stage);
}

export function findVersion(ref: SecretRef, state: StagedSecret, versionId: string, step: string): StagedVersion {
  const found = state.versions.find((v) => v.versionId === versionId);
  if (!found) {
    throw storeError('STORE_VERSION_NOT_FOUND', ref, `secret "${ref.id}" has no version ${versionId} (step ${step})`, {
      details: { versionId, step },
    });
  }
  return found;
}

/**
 * Stages a new pending version. Idempotent on `token`; refuses a second
 * rotation while another version is pending (see the port contract).
 */
export function applyPutPending(
  ref: SecretRef,
  state: StagedSecret,
  value: SecretValue,
  token: string,
  now: Date,
): { state: StagedSecret; result: PutResult } {
  checkToken(ref, token);
  const existing = state.versions.find((v) => v.versionId === token);
  if (existing) return { state, result: replay(ref, existing, value, token) };
  const pending = holder(state, 'pending');
  if (pending) {
    throw storeError(
      'STORE_ROTATION_IN_PROGRESS',
      ref,
      `secret "${ref.id}" already has pending version ${pending.versionId} from another rotation: resume or fail that rotation before starting a new one`,
      {
        details: { step: 'putPending', pendingVersionId: pending.versionId },
      },
    );
  }
  const version: StagedVersion = { versionId: token, createdAt: now, stage: 'pending', value };
  return {
    state: { ...state, lastChangedAt: now, versions: [version, ...state.versions] },
    result: { versionId: token, created: true },
  };
}

function replay(ref: SecretRef, existing: StagedVersion, value: SecretValue, token: string): PutResult {
  const details = { step: 'putPending', versionId: token };
  if (existing.failed === true || existing.retired === true || existing.value === undefined) {
    throw storeError(
      'STORE_TOKEN_CONFLICT',
      ref,
      `secret "${ref.id}": token ${token} belongs to a ${existing.failed === true ? 'failed' : 'retired'} version; start a new rotation slot`,
      { details },
    );
  }
  if (!sameValue(existing.value, value)) {
    throw storeError(
      'STORE_TOKEN_CONFLICT',
      ref,
      `secret "${ref.id}": token ${token} was already used with a different value; a token identifies exactly one value`,
      { details },
    );
  }
  return { versionId: token, created: false };
}

/**
 * Makes `versionId` current (it loses pending); the old current becomes previous
 * and the old previous loses its stage. Another version's pending stage is kept.
 */
export function applyPromote(ref: SecretRef, state: StagedSecret, versionId: string, now: Date): StagedSecret {
  const target = findVersion(ref, state, versionId, 'promote');
  if (target.stage === 'current') return state;
  if (target.failed === true || target.retired === true || target.value === undefined) {
    throw storeError(
      'STORE_STAGE_CONFLICT',
      ref,
      `secret "${ref.id}": version ${versionId} is ${target.failed === true ? 'failed' : 'retired'} and cannot become current`,
      {
        details: { step: 'promote', versionId },
      },
    );
  }
  const pending = holder(state, 'pending');
  if (pending && pending !== target) {
    throw storeError(
      'STORE_ROTATION_IN_PROGRESS',
      ref,
      `secret "${ref.id}": version ${pending.versionId} is pending from another rotation; version ${versionId} cannot be promoted until it is finished or failed`,
      {
        details: { step: 'promote', versionId, pendingVersionId: pending.versionId },
      },
    );
  }
  const oldCurrent = holder(state, 'current');
  const versions = state.versions.map((v): StagedVersion => {
    if (v.versionId === versionId) return { ...v, stage: 'current' };
    if (v === oldCurrent) return { ...v, stage: 'previous' };
    if (v.stage === 'previous') return withoutStage(v);
    return v;
  });
  return { ...state, versions, lastChangedAt: now, lastRotatedAt: now };
}

/** Flags a version whose test failed: it loses the pending stage; current is untouched. */
export function applyMarkFailed(ref: SecretRef, state: StagedSecret, versionId: string, now: Date): StagedSecret {
  const target = findVersion(ref, state, versionId, 'markFailed');
  if (target.stage === 'current') {
    throw storeError(
      'STORE_STAGE_CONFLICT',
      ref,
      `secret "${ref.id}": version ${versionId} is current; only a pending or unstaged version can be marked failed`,
      {
        details: { step: 'markFailed', versionId },
      },
    );
  }
  if (target.failed === true) return state;
  return replaceVersion(state, { ...withoutStage(target), failed: true }, now);
}

/** Retires an old version after the overlap period: it loses the previous stage. */
export function applyRetire(ref: SecretRef, state: StagedSecret, versionId: string, now: Date): StagedSecret {
  const target = findVersion(ref, state, versionId, 'retire');
  if (target.stage === 'current' || target.stage === 'pending') {
    throw storeError(
      'STORE_STAGE_CONFLICT',
      ref,
      `secret "${ref.id}": version ${versionId} is ${target.stage}; only a previous or unstaged version can be retired`,
      {
        details: { step: 'retire', versionId },
      },
    );
  }
  if (target.retired === true) return state;
  return replaceVersion(state, { ...withoutStage(target), retired: true }, now);
}

function replaceVersion(state: StagedSecret, next: StagedVersion, now: Date): StagedSecret {
  return {
    ...state,
    lastChangedAt: now,
    versions: state.versions.map((v) => (v.versionId === next.versionId ? next : v)),
  };
}

function withoutStage(v: StagedVersion): StagedVersion {
  const { stage: _stage, ...rest } = v;
  return rest;
}

export function versionInfo(v: StagedVersion): VersionInfo {
  return {
    versionId: v.versionId,
    stages: v.stage ? [v.stage] : [],
    createdAt: v.createdAt,
    ...(v.failed === true ? { failed: true } : {}),
    ...(v.retired === true ? { retired: true } : {}),
  };
}

export function describeState(ref: SecretRef, state: StagedSecret): SecretDescription {
  return {
    ref,
    exists: true,
    createdAt: state.createdAt,
    lastChangedAt: state.lastChangedAt,
    ...(state.lastRotatedAt ? { lastRotatedAt: state.lastRotatedAt } : {}),
    tags: { ...state.tags },
    versions: state.versions.map(versionInfo),
  };
}

/**
 * A create retried with the token and first value of the create that made the
 * secret: a no-op, as on AWS ("If a version with this value already exists and
 * the version SecretString and SecretBinary values are the same as those in
 * the request, then the request is ignored", CreateSecret ClientRequestToken).
 * Anything else on an existing secret is STORE_ALREADY_EXISTS.
 */
export function isCreateReplay(state: StagedSecret, options: { token?: string; initialValue?: SecretValue }): boolean {
  if (options.token === undefined || options.initialValue === undefined) return false;
  const version = state.versions.find((v) => v.versionId === options.token);
  return version?.value !== undefined && sameValue(version.value, options.initialValue);
}

/** A new secret, with its first value as current when given. */
export function newSecret(
  options: { description?: string; tags?: Readonly<Record<string, string>>; initialValue?: SecretValue },
  versionId: string,
  now: Date,
): StagedSecret {
  const versions: StagedVersion[] = options.initialValue
    ? [{ versionId, createdAt: now, stage: 'current', value: options.initialValue }]
    : [];
  return {
    createdAt: now,
    lastChangedAt: now,
    ...(options.initialValue ? { lastRotatedAt: now } : {}),
    ...(options.description === undefined ? {} : { description: options.description }),
    tags: { ...(options.tags ?? {}) },
    versions,
  };
}
