import { isDocugenError, type Clock } from '@docugen-secrets/core';
import { MemoryAuditLog, verifyAuditLog } from '@docugen-secrets/audit';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuditedStore,
  rotationToken,
  type SecretRef,
  type SecretStore,
  type SecretValue,
  type StoreErrorCode,
} from '@docugen-secrets/secret-store';
import { MemoryLogger, Observed, OffsetClock, canary } from '@docugen-secrets/test-support';

/** What a backend gives the shared suite. */
export interface ContractHarness {
  readonly store: SecretStore;
  /** A ref to a secret that does not exist yet, unique to the call. */
  newRef(id: string): SecretRef;
  /** Logs or files the backend produced (server log, commit messages, clear parts of files), scanned for canaries. */
  observedText?(): Promise<string>;
  close?(): Promise<void>;
  /** The backend keeps real time and ignores the suite's clock (real AWS): time passes by waiting. */
  readonly realClock?: boolean;
}

const str = (value: string): SecretValue => ({ kind: 'string', value });
let slot = 0;
const token = (ref: SecretRef): string => rotationToken(ref.id, `slot-${++slot}`);

/**
 * The contract of SecretStore (see port.ts), run against every backend. The
 * store is wrapped in the AuditedStore, so the suite also proves that every
 * operation is audited and that no canary value reaches an audit line, a log
 * or an error, and that the resulting audit log verifies.
 */
export function storeContract(name: string, makeHarness: (clock: Clock) => Promise<ContractHarness>): void {
  describe(`SecretStore contract: ${name}`, () => {
    let h: ContractHarness;
    let store: SecretStore;
    const audit = new MemoryAuditLog();
    const logger = new MemoryLogger();
    const observed = new Observed();
    const canaries: string[] = [];
    const clock = new OffsetClock();
    /** Lets at least `ms` pass on the backend's clock (about a second when it is real). */
    const later = async (ms: number): Promise<number> => {
      if (!h.realClock) {
        clock.advance(ms);
        return ms;
      }
      await new Promise((resolve) => setTimeout(resolve, 1100));
      return 1000;
    };
    const secret = (label: string): string => {
      const c = canary(label);
      canaries.push(c);
      return c;
    };
    const rejects = async (p: Promise<unknown>, code: StoreErrorCode): Promise<void> => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      observed.addError(err);
      expect(isDocugenError(err) ? err.code : err).toBe(code);
    };
    const fresh = async (label: string, initial?: string): Promise<SecretRef> => {
      const ref = h.newRef(`${label}-${slot++}`);
      await store.create(ref, {
        description: 'contract test',
        tags: { owner: 'team-contract' },
        ...(initial === undefined ? {} : { initialValue: str(initial) }),
      });
      return ref;
    };

    // Set up once, before the first test; a harness that cannot start fails every test (a failing
    // beforeAll would only mark them skipped).
    let ready: Promise<void> | undefined;
    beforeEach(
      () =>
        (ready ??= makeHarness(clock).then((harness) => {
          h = harness;
          store = new AuditedStore(h.store, {
            sink: audit,
            actor: { kind: 'local', user: 'contract' },
            fingerprintKey: 'contract-key',
          });
        })),
    );

    afterAll(async () => {
      if (ready === undefined) return;
      await ready;
      const texts = [audit.text(), logger.text(), observed.text(), (await h.observedText?.()) ?? ''].join('\n');
      await h.close?.();
      expect(canaries.length).toBeGreaterThan(10);
      for (const c of canaries) expect(texts.includes(c), `canary leaked into audit/logs/errors`).toBe(false);
      expect(verifyAuditLog(audit.text()).ok).toBe(true);
    });

    it('reports a missing secret', async () => {
      const ref = h.newRef(`missing-${slot++}`);
      expect(await store.describe(ref)).toMatchObject({ exists: false, versions: [] });
      await rejects(store.getValue(ref, 'current'), 'STORE_NOT_FOUND');
      await rejects(store.putPending(ref, str(secret('missing')), token(ref)), 'STORE_NOT_FOUND');
      await rejects(store.listVersions(ref), 'STORE_NOT_FOUND');
    });

    it('creates a secret with its first value as current', async () => {
      const first = secret('first');
      const ref = await fresh('create', first);
      expect(await store.getValue(ref, 'current')).toMatchObject({ value: str(first) });
      expect(await store.getValue(ref, 'pending')).toBeUndefined();
      expect(await store.getValue(ref, 'previous')).toBeUndefined();
      const d = await store.describe(ref);
      expect(d.exists).toBe(true);
      expect(d.tags['owner']).toBe('team-contract');
      expect(d.createdAt).toBeInstanceOf(Date);
      expect(d.versions.map((v) => v.stages)).toEqual([['current']]);
      await rejects(store.create(ref, { initialValue: str(secret('again')) }), 'STORE_ALREADY_EXISTS');
    });

    it('creates an empty secret and gives it a first value by rotation', async () => {
      const ref = await fresh('empty');
      expect(await store.getValue(ref, 'current')).toBeUndefined();
      const v = secret('v1');
      const t = token(ref);
      expect(await store.putPending(ref, str(v), t)).toEqual({ versionId: t, created: true });
      await store.promote(ref, t);
      expect(await store.getValue(ref, 'current')).toEqual({ versionId: t, value: str(v) });
      expect(await store.getValue(ref, 'previous')).toBeUndefined();
    });

    it('rotates: pending, promote, previous follows', async () => {
      const [v1, v2, v3] = [secret('r1'), secret('r2'), secret('r3')];
      const ref = await fresh('rotate', v1);
      const old = (await store.getValue(ref, 'current'))!.versionId;
      const t2 = token(ref);
      await store.putPending(ref, str(v2), t2);
      expect(await store.getValue(ref, 'pending')).toEqual({ versionId: t2, value: str(v2) });
      expect(await store.getValue(ref, 'current')).toEqual({ versionId: old, value: str(v1) });
      await store.promote(ref, t2);
      expect(await store.getValue(ref, 'current')).toEqual({ versionId: t2, value: str(v2) });
      expect(await store.getValue(ref, 'previous')).toEqual({ versionId: old, value: str(v1) });
      expect(await store.getValue(ref, 'pending')).toBeUndefined();
      await store.promote(ref, t2); // no-op
      const t3 = token(ref);
      await store.putPending(ref, str(v3), t3);
      await store.promote(ref, t3);
      const versions = await store.listVersions(ref);
      const stageOf = (id: string): readonly string[] | undefined => versions.find((v) => v.versionId === id)?.stages;
      expect([stageOf(t3), stageOf(t2), stageOf(old)]).toEqual([['current'], ['previous'], []]);
      expect(versions[0]?.versionId).toBe(t3);
      const d = await store.describe(ref);
      expect(d.lastRotatedAt).toBeInstanceOf(Date);
      expect(await store.getVersion(ref, t2)).toEqual(str(v2));
    });

    it('records when the version became current, not when it was staged, and keeps it through retire and the next put', async () => {
      const ref = await fresh('promoted', secret('p1'));
      const old = (await store.getValue(ref, 'current'))!.versionId;
      const t = token(ref);
      await store.putPending(ref, str(secret('p2')), t);
      const staged = (await store.listVersions(ref)).find((v) => v.versionId === t)!.createdAt;
      const waited = await later(3_600_000);
      await store.promote(ref, t);
      const promoted = (await store.describe(ref)).lastRotatedAt!;
      expect(promoted.getTime() - staged.getTime()).toBeGreaterThanOrEqual(waited);
      await later(3_600_000);
      await store.promote(ref, t); // a rerun: the first promotion time stays
      expect((await store.describe(ref)).lastRotatedAt).toEqual(promoted);
      await later(3_600_000);
      await store.retire(ref, old); // later changes to the secret do not move it either
      expect((await store.describe(ref)).lastRotatedAt).toEqual(promoted);
      await later(3_600_000);
      await store.putPending(ref, str(secret('p3')), token(ref));
      expect((await store.describe(ref)).lastRotatedAt).toEqual(promoted);
    });

    it('treats a create retried with the same token and value as done, anything else as existing', async () => {
      const ref = h.newRef(`create-replay-${slot++}`);
      const first = str(secret('c1'));
      const t = token(ref);
      await store.create(ref, { initialValue: first, token: t, tags: { owner: 'team-contract' } });
      await store.create(ref, { initialValue: first, token: t, tags: { owner: 'team-contract' } });
      expect((await store.listVersions(ref)).map((v) => v.versionId)).toEqual([t]);
      await rejects(store.create(ref, { initialValue: str(secret('c2')), token: t }), 'STORE_ALREADY_EXISTS');
      await rejects(store.create(ref, { initialValue: first, token: token(ref) }), 'STORE_ALREADY_EXISTS');
      expect(await store.getValue(ref, 'current')).toEqual({ versionId: t, value: first });
    });

    it('is idempotent on the token and refuses the same token with another value', async () => {
      const ref = await fresh('idem', secret('i1'));
      const v = secret('i2');
      const t = token(ref);
      await store.putPending(ref, str(v), t);
      expect(await store.putPending(ref, str(v), t)).toEqual({ versionId: t, created: false });
      await rejects(store.putPending(ref, str(secret('other')), t), 'STORE_TOKEN_CONFLICT');
      expect((await store.listVersions(ref)).length).toBe(2);
      await store.promote(ref, t);
      expect(await store.putPending(ref, str(v), t)).toEqual({ versionId: t, created: false });
      expect((await store.listVersions(ref)).length).toBe(2);
    });

    it('refuses a second rotation while one is pending', async () => {
      const ref = await fresh('second', secret('s1'));
      const first = (await store.getValue(ref, 'current'))!.versionId;
      const t0 = token(ref);
      await store.putPending(ref, str(secret('s0')), t0);
      await store.promote(ref, t0);
      const t1 = token(ref);
      await store.putPending(ref, str(secret('s2')), t1);
      const t2 = token(ref);
      await rejects(store.putPending(ref, str(secret('s3')), t2), 'STORE_ROTATION_IN_PROGRESS');
      // A rollback to the previous version is refused too while t1 is pending.
      await rejects(store.promote(ref, first), 'STORE_ROTATION_IN_PROGRESS');
      await store.promote(ref, t0); // the current version: a no-op
      await store.promote(ref, t1);
      expect((await store.putPending(ref, str(secret('s4')), t2)).created).toBe(true);
    });

    it('marks a failed version: pending removed, current untouched, token spent', async () => {
      const v1 = secret('f1');
      const ref = await fresh('failed', v1);
      const t = token(ref);
      await store.putPending(ref, str(secret('f2')), t);
      await store.markFailed(ref, t);
      await store.markFailed(ref, t); // no-op
      expect(await store.getValue(ref, 'pending')).toBeUndefined();
      expect((await store.getValue(ref, 'current'))?.value).toEqual(str(v1));
      const failed = (await store.listVersions(ref)).find((v) => v.versionId === t);
      expect(failed).toMatchObject({ stages: [], failed: true });
      await rejects(store.putPending(ref, str(secret('f3')), t), 'STORE_TOKEN_CONFLICT');
      await rejects(store.promote(ref, t), 'STORE_STAGE_CONFLICT');
      const current = (await store.getValue(ref, 'current'))!.versionId;
      await rejects(store.markFailed(ref, current), 'STORE_STAGE_CONFLICT');
      expect((await store.putPending(ref, str(secret('f4')), token(ref))).created).toBe(true);
    });

    it('retires the previous version after the overlap', async () => {
      const ref = await fresh('retire', secret('o1'));
      const old = (await store.getValue(ref, 'current'))!.versionId;
      const t = token(ref);
      await store.putPending(ref, str(secret('o2')), t);
      await rejects(store.retire(ref, t), 'STORE_STAGE_CONFLICT');
      await store.promote(ref, t);
      await rejects(store.retire(ref, t), 'STORE_STAGE_CONFLICT');
      await store.retire(ref, old);
      await store.retire(ref, old); // no-op
      expect(await store.getValue(ref, 'previous')).toBeUndefined();
      expect((await store.listVersions(ref)).find((v) => v.versionId === old)).toMatchObject({
        stages: [],
        retired: true,
      });
      expect((await store.getValue(ref, 'current'))?.versionId).toBe(t);
    });

    it('round-trips binary values', async () => {
      const ref = await fresh('binary', secret('b1'));
      const bytes = new TextEncoder().encode(secret('binary'));
      const t = token(ref);
      await store.putPending(ref, { kind: 'binary', value: bytes }, t);
      const got = await store.getValue(ref, 'pending');
      expect(got?.value.kind).toBe('binary');
      expect(Buffer.from(got!.value.value as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
      expect(await store.putPending(ref, { kind: 'binary', value: bytes }, t)).toEqual({
        versionId: t,
        created: false,
      });
    });

    it('reports unknown versions and invalid tokens', async () => {
      const ref = await fresh('unknown', secret('u1'));
      const ghost = rotationToken('ghost', 'ghost');
      await rejects(store.getVersion(ref, ghost), 'STORE_VERSION_NOT_FOUND');
      await rejects(store.promote(ref, ghost), 'STORE_VERSION_NOT_FOUND');
      await rejects(store.retire(ref, ghost), 'STORE_VERSION_NOT_FOUND');
      await rejects(store.putPending(ref, str(secret('short')), 'short-token'), 'STORE_INVALID_REQUEST');
    });

    it('audits every operation with its outcome, never a value', async () => {
      const before = audit.records.length;
      const ref = await fresh('audit', secret('a1'));
      const t = token(ref);
      await store.putPending(ref, str(secret('a2')), t);
      await rejects(store.putPending(ref, str(secret('a3')), t), 'STORE_TOKEN_CONFLICT');
      const events = audit.records.slice(before);
      expect(events.map((e) => [e.action, e.outcome, e.errorCode ?? ''])).toEqual([
        ['store.create', 'success', ''],
        ['store.putPending', 'success', ''],
        ['store.putPending', 'failure', 'STORE_TOKEN_CONFLICT'],
      ]);
      expect(events[1]).toMatchObject({
        secretId: ref.id,
        versionId: t,
        details: { created: true, store: h.store.kind },
      });
      expect(events[1]?.fingerprint).toMatch(/^hmac-sha256:/);
    });
  });
}
