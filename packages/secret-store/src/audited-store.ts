import { isDocugenError, keyedFingerprint, systemClock, type Clock } from '@docugen-secrets/core';
import type { Actor, AuditDetail, AuditEvent, AuditSink } from '@docugen-secrets/audit';
import type {
  CreateOptions,
  PutResult,
  SecretDescription,
  SecretRef,
  SecretStore,
  SecretValue,
  Stage,
  VersionInfo,
} from './port.js';
import { traceStoreCalls, type StoreCall } from './trace.js';
import { valueBytes } from './values.js';

export interface AuditedStoreOptions {
  readonly sink: AuditSink;
  /** Computed once at the entrypoint with `actorFromEnv(env)`. */
  readonly actor: Actor;
  readonly clock?: Clock;
  /** When set, writes carry `hmac-sha256` fingerprints of the value; without a key, nothing value-derived. */
  readonly fingerprintKey?: Uint8Array | string;
}

interface Facts {
  readonly versionId?: string;
  readonly details?: Record<string, AuditDetail>;
  readonly value?: SecretValue;
}

/**
 * Decorates any SecretStore so that every operation, successful or not,
 * appends one audit event: operation, secret id, version id, outcome, error
 * code, duration and the backend's correlation ids (AWS request ids,
 * ClientRequestToken, secret ARN, commit). Values never reach the sink.
 *
 * Fails closed: if the event cannot be written, the operation's result is
 * withheld and the audit error is thrown (every write op is idempotent, so a
 * rerun is safe).
 */
export class AuditedStore implements SecretStore {
  readonly kind: SecretStore['kind'];
  readonly #inner: SecretStore;
  readonly #options: AuditedStoreOptions;
  readonly #clock: Clock;

  constructor(inner: SecretStore, options: AuditedStoreOptions) {
    this.kind = inner.kind;
    this.#inner = inner;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  describe(ref: SecretRef): Promise<SecretDescription> {
    return this.#audit(
      'describe',
      ref,
      {},
      () => this.#inner.describe(ref),
      (d) => ({ details: { exists: d.exists } }),
    );
  }

  create(ref: SecretRef, options: CreateOptions = {}): Promise<void> {
    const facts: Facts = {
      ...(options.token ? { versionId: options.token } : {}),
      ...(options.initialValue ? { value: options.initialValue } : {}),
    };
    return this.#audit('create', ref, facts, () => this.#inner.create(ref, options));
  }

  getValue(
    ref: SecretRef,
    stage: Stage,
  ): Promise<{ readonly versionId: string; readonly value: SecretValue } | undefined> {
    return this.#audit(
      'getValue',
      ref,
      { details: { stage } },
      () => this.#inner.getValue(ref, stage),
      (r) => ({
        ...(r ? { versionId: r.versionId } : {}),
        details: { stage, found: r !== undefined },
      }),
    );
  }

  getVersion(ref: SecretRef, versionId: string): Promise<SecretValue> {
    return this.#audit('getVersion', ref, { versionId }, () => this.#inner.getVersion(ref, versionId));
  }

  putPending(ref: SecretRef, value: SecretValue, token: string): Promise<PutResult> {
    return this.#audit(
      'putPending',
      ref,
      { versionId: token, value },
      () => this.#inner.putPending(ref, value, token),
      (r) => ({
        versionId: r.versionId,
        details: { created: r.created },
      }),
    );
  }

  promote(ref: SecretRef, versionId: string): Promise<void> {
    return this.#audit('promote', ref, { versionId }, () => this.#inner.promote(ref, versionId));
  }

  markFailed(ref: SecretRef, versionId: string): Promise<void> {
    return this.#audit('markFailed', ref, { versionId }, () => this.#inner.markFailed(ref, versionId));
  }

  retire(ref: SecretRef, versionId: string): Promise<void> {
    return this.#audit('retire', ref, { versionId }, () => this.#inner.retire(ref, versionId));
  }

  listVersions(ref: SecretRef): Promise<readonly VersionInfo[]> {
    return this.#audit(
      'listVersions',
      ref,
      {},
      () => this.#inner.listVersions(ref),
      (v) => ({ details: { versions: v.length } }),
    );
  }

  async #audit<T>(
    op: string,
    ref: SecretRef,
    before: Facts,
    run: () => Promise<T>,
    after?: (result: T) => Facts,
  ): Promise<T> {
    const started = this.#clock.now();
    const calls: StoreCall[] = [];
    let result: T;
    try {
      result = await traceStoreCalls(calls, run);
    } catch (err) {
      await this.#append(this.#event(op, ref, started, calls, before, err));
      throw err;
    }
    const extra = after?.(result) ?? {};
    await this.#append(
      this.#event(op, ref, started, calls, { ...before, ...extra, details: { ...before.details, ...extra.details } }),
    );
    return result;
  }

  #append(event: AuditEvent): Promise<void> {
    return this.#options.sink.append(event);
  }

  #event(
    op: string,
    ref: SecretRef,
    started: Date,
    calls: readonly StoreCall[],
    facts: Facts,
    err?: unknown,
  ): AuditEvent {
    const requestIds = calls.flatMap((c) => (c.requestId ? [c.requestId] : []));
    const correlation = correlationOf(calls);
    const details: Record<string, AuditDetail> = { store: this.kind, ...facts.details };
    const key = this.#options.fingerprintKey;
    return {
      at: started.toISOString(),
      actor: this.#options.actor,
      action: `store.${op}`,
      secretId: ref.id,
      ...(facts.versionId === undefined ? {} : { versionId: facts.versionId }),
      outcome: err === undefined ? 'success' : 'failure',
      ...(err === undefined ? {} : { errorCode: isDocugenError(err) ? err.code : 'UNEXPECTED' }),
      durationMs: Math.max(0, this.#clock.now().getTime() - started.getTime()),
      ...(requestIds.length > 0 ? { requestIds } : {}),
      ...(Object.keys(correlation).length > 0 ? { correlation } : {}),
      ...(key !== undefined && facts.value ? { fingerprint: keyedFingerprint(key, valueBytes(facts.value)) } : {}),
      details,
    };
  }
}

function correlationOf(calls: readonly StoreCall[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of calls) {
    if (c.clientRequestToken) out['clientRequestToken'] = c.clientRequestToken;
    if (c.arn) out['secretArn'] = c.arn;
    if (c.commit) out['commit'] = c.commit;
  }
  const ops = [...new Set(calls.map((c) => c.operation))];
  if (ops.length > 0) out['calls'] = ops.join(',');
  return out;
}
