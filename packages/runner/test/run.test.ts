import { MemoryAuditLog, verifyAuditLog } from '@docugen-secrets/audit';
import { cryptoRandom, silentLogger } from '@docugen-secrets/core';
import type { Rotation, SecretManifest } from '@docugen-secrets/manifest';
import { testManifest, testRandomRotation } from '@docugen-secrets/manifest/testing';
import type { Rotator } from '@docugen-secrets/rotation';
import { InMemoryStore, type SecretValue } from '@docugen-secrets/secret-store';
import { canary, FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import {
  run,
  valueEncodings,
  type PublishOutcome,
  type PublishRequest,
  type RunConfig,
  type RunPorts,
} from '../src/index.js';

const random = testRandomRotation({ emergencyOverlap: 'PT1H' });
const manual: Rotation = {
  kind: 'manual',
  strategy: 'manual',
  cadence: 'P90D',
  procedure: 'docs/runbooks/x.md#rotation',
};

function manifest(id: string, rotation: Rotation, backend: SecretManifest['backend']): SecretManifest {
  return testManifest(id, { rotation, backend });
}

const MANIFESTS = [
  manifest('sops-secret', random, { kind: 'sops', path: 'secrets/sops-secret.sops.yaml' }),
  manifest('aws-secret', random, { kind: 'aws-secrets-manager', name: 'test/aws-secret', region: 'eu-west-1' }),
  manifest('ocr-token', manual, { kind: 'aws-secrets-manager', name: 'test/ocr', region: 'eu-west-1' }),
];

/** A random-secret rotator whose values are canaries, so every output can be searched for them. */
function canaryRotator(made: string[]): Rotator<'random-secret'> {
  return {
    kind: 'random-secret',
    create: () => {
      const value = canary('runner');
      made.push(value);
      return Promise.resolve({ kind: 'string', value });
    },
    set: () => Promise.resolve(),
    test: () => Promise.resolve({ ok: true }),
    retire: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  };
}

interface Harness {
  readonly ports: RunPorts;
  readonly events: string[];
  readonly revealed: string[];
  readonly made: string[];
  readonly published: PublishRequest[];
  readonly audit: MemoryAuditLog;
}

function harness(over: Partial<RunPorts> = {}, outcome?: (r: PublishRequest) => PublishOutcome): Harness {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
  const store = new InMemoryStore({ clock });
  const events: string[] = [];
  const revealed: string[] = [];
  const made: string[] = [];
  const published: PublishRequest[] = [];
  const audit = new MemoryAuditLog();
  const tracked = new Proxy(store, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'putPending' && typeof v === 'function') {
        return (...args: unknown[]) => {
          events.push(`put ${String((args[1] as SecretValue).value)}`);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const ports: RunPorts = {
    check: () => Promise.resolve('ok'),
    loadManifests: () => Promise.resolve(MANIFESTS),
    openBackends: () =>
      Promise.resolve({
        store: () => tracked,
        rotators: { 'random-secret': canaryRotator(made) },
        notes: ['memory'],
        close: () => Promise.resolve(),
      }),
    audit: { open: () => Promise.resolve(audit), verify: () => Promise.resolve(verifyAuditLog(audit.text())) },
    actor: { kind: 'local', user: 'test' },
    clock,
    random: cryptoRandom,
    logger: silentLogger,
    values: {
      reveal: (v) => {
        for (const f of valueEncodings(v)) revealed.push(f);
        events.push(`reveal ${String(v.value)}`);
      },
    },
    publisher: {
      publish: (r) => {
        published.push(r);
        return Promise.resolve(
          outcome
            ? outcome(r)
            : {
                kind: 'pushed',
                commit: 'c0ffee',
                branch: 'main',
                attempts: 1,
                conflicts: [],
                committed: r.changes.map((c) => c.secretId),
              },
        );
      },
    },
    ...over,
  };
  return { ports, events, revealed, made, published, audit };
}

const ROTATE: RunConfig = {
  command: 'rotate',
  trigger: 'schedule',
  runUrl: 'https://github.example/run/1',
  fingerprintKey: 'k',
};

describe('run', () => {
  it('stops after a failed check without opening a store', async () => {
    let opened = false;
    const h = harness({
      check: () => Promise.resolve('findings'),
      openBackends: () => ((opened = true), Promise.reject(new Error('no'))),
    });
    const report = await run(ROTATE, h.ports);
    expect(report.check).toBe('findings');
    expect(opened).toBe(false);
  });

  it('rotates what is due, publishes only the SOPS change once, verifies the audit trail', async () => {
    const h = harness();
    const report = await run(ROTATE, h.ports);
    expect(report.results.map((r) => [r.secretId, r.kind])).toEqual([
      ['sops-secret', 'created'],
      ['aws-secret', 'created'],
    ]);
    expect(h.published).toHaveLength(1);
    expect(h.published[0]?.changes.map((c) => c.secretId)).toEqual(['sops-secret']);
    expect(h.published[0]?.message(h.published[0].changes)).toMatch(
      /sops-secret: created, version [\w-]+, hmac-sha256:/,
    );
    expect(h.published[0]?.message(h.published[0].changes)).toContain('Trigger: schedule');
    expect(h.published[0]?.message(h.published[0].changes)).toContain('Run: https://github.example/run/1');
    expect(report.published).toMatchObject({ kind: 'pushed', commit: 'c0ffee' });
    // The publish commit is on the secret's trail (drift trusts a SOPS file's last commit only when it is).
    expect(h.audit.text()).toMatch(/"action":"sops\.publish".*"commit":"c0ffee"/);
    expect(h.audit.text().match(/sops\.publish/g)).toHaveLength(1);
    expect(report.audit?.ok).toBe(true);
    expect(report.after.find((e) => e.secretId === 'ocr-token')?.action).toBe('manual');
  });

  it('shows every value to the observer before the store sees it, and never reports one', async () => {
    const h = harness();
    const report = await run(ROTATE, h.ports);
    expect(h.made).toHaveLength(2);
    for (const value of h.made) {
      const revealAt = h.events.indexOf(`reveal ${value}`);
      expect(revealAt).toBeGreaterThanOrEqual(0);
      expect(revealAt).toBeLessThan(h.events.indexOf(`put ${value}`));
      expect(h.revealed).toContain(Buffer.from(value).toString('base64'));
      const outputs = [JSON.stringify(report), JSON.stringify(h.published), h.audit.text()].join('\n');
      expect(outputs).not.toContain(value);
    }
  });

  it('turns a publish conflict into an error for that secret only', async () => {
    const h = harness({}, () => ({ kind: 'conflict', conflicts: ['sops-secret'], attempts: 2 }));
    const report = await run(ROTATE, h.ports);
    expect(report.results.find((r) => r.secretId === 'sops-secret')).toMatchObject({
      kind: 'error',
      errorCode: 'RUNNER_COMMIT_CONFLICT',
    });
    expect(report.results.find((r) => r.secretId === 'aws-secret')?.kind).toBe('created');
  });

  it('plans with a shard matrix and alerts without rotating', async () => {
    const synced: number[] = [];
    const h = harness({
      alerts: {
        sync: (i) => (synced.push(i.plan.length), Promise.resolve({ opened: ['#1'], updated: [], closed: [] })),
      },
    });
    const planned = await run({ command: 'plan', trigger: 'schedule', shards: 2 }, h.ports);
    expect(planned.results).toEqual([]);
    expect(planned.matrix?.include.flatMap((s) => s.secrets.split(',')).sort()).toEqual(['aws-secret', 'sops-secret']);
    const alerted = await run({ command: 'alerts', trigger: 'schedule' }, h.ports);
    expect(alerted.check).toBe('skipped');
    expect(alerted.alerts?.opened).toEqual(['#1']);
    expect(synced).toEqual([3]);
    expect(h.published).toEqual([]);
  });

  it('rotates only its own shard in a matrix, one quota group per shard', async () => {
    const h = harness();
    const report = await run({ ...ROTATE, shard: { index: 1, count: 2 } }, h.ports);
    expect(report.results.map((r) => r.secretId)).toEqual(['sops-secret']);
  });

  it('publishes nothing on a dry run', async () => {
    const h = harness();
    const report = await run({ ...ROTATE, dryRun: true }, h.ports);
    expect(report.results.every((r) => r.kind === 'dry-run')).toBe(true);
    expect(h.published).toEqual([]);
  });
});

describe('valueEncodings', () => {
  it('covers base64, hex, JSON escapes, lines and JSON leaves, and skips short strings', () => {
    const forms = valueEncodings({ kind: 'string', value: '{"d":"private-part","kty":"OKP"}\nsecond-line' });
    expect(forms).toContain('private-part');
    expect(forms).toContain('second-line');
    expect(forms).toContain(Buffer.from('{"d":"private-part","kty":"OKP"}\nsecond-line').toString('hex'));
    expect(forms.some((f) => f.includes('\\"d\\"'))).toBe(true);
    expect(forms).not.toContain('OKP');
  });
});
