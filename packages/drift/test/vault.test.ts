import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@docugen-secrets/audit';
import { detectDrift, indexAudit, listVault, type VaultLister, type VaultSecret } from '../src/index.js';
import { ago, awsBackend, event, manifest, NOW, vaultSecret } from './fixtures.js';

const NAME = 'production/app/key';
const m = manifest('app-key', awsBackend(NAME));

function run(
  secrets: readonly VaultSecret[],
  audit: readonly AuditEvent[] | undefined,
  manifests = [m],
): { code: string; kind: string | undefined; severity: string; message: string }[] {
  return detectDrift({
    manifests,
    vault: { regions: ['eu-west-1'], secrets },
    ...(audit ? { audit: indexAudit(audit) } : {}),
    now: NOW,
  }).findings.map((f) => ({ code: f.ruleId, kind: f.properties?.['kind'], severity: f.severity, message: f.message }));
}

/** The secret as AWS reports one created without a KmsKeyId (the default key). */
function defaultKey(s: VaultSecret): VaultSecret {
  const { kmsKeyId: _key, ...rest } = s;
  return rest;
}

const auditedCurrent = [
  event('app-key', 'store.putPending', 'v1', ago(40)),
  event('app-key', 'store.promote', 'v1', ago(40)),
];

describe('Secrets Manager drift', () => {
  it('finds nothing when the listing matches the manifest and the audit trail', () => {
    expect(run([vaultSecret('app-key', NAME, { v1: ['AWSCURRENT', 'AWSPENDING'] })], auditedCurrent)).toEqual([]);
  });

  it.each([
    [
      'DRIFT001 orphan of a removed manifest',
      [
        vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'] }),
        vaultSecret('old-key', 'production/app/old', { o1: ['AWSCURRENT'] }),
      ],
      auditedCurrent,
      'DRIFT001',
      'orphan',
    ],
    ['DRIFT002 deleted out of band', [], auditedCurrent, 'DRIFT002', 'missing'],
    [
      'DRIFT003 current written outside the tool',
      [
        vaultSecret(
          'app-key',
          NAME,
          { v1: ['AWSPREVIOUS'], hand: ['AWSCURRENT'] },
          { lastChangedAtMs: ago(1).getTime() },
        ),
      ],
      auditedCurrent,
      'DRIFT003',
      'out-of-band-current',
    ],
    [
      'DRIFT004 pending left behind',
      [vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] })],
      [...auditedCurrent, event('app-key', 'store.putPending', 'v2', ago(5))],
      'DRIFT004',
      'pending-left-behind',
    ],
    [
      'DRIFT004 previous past its retire time',
      [vaultSecret('app-key', NAME, { v0: ['AWSPREVIOUS'], v1: ['AWSCURRENT'] })],
      [event('app-key', 'store.putPending', 'v0', ago(80)), ...auditedCurrent],
      'DRIFT004',
      'previous-past-retire',
    ],
    [
      'DRIFT004 a label the strategy does not use',
      [vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'], v0: ['KEEP_ME'] })],
      auditedCurrent,
      'DRIFT004',
      'extra-versions',
    ],
    [
      'DRIFT004 claimed first rotation without a version',
      [
        vaultSecret(
          'app-key',
          NAME,
          {},
          {
            tags: {
              'docugen-secrets/id': 'app-key',
              'docugen-secrets/owner': 'platform',
              'docugen-secrets/claim': 'first-rotation',
            },
          },
        ),
      ],
      [],
      'DRIFT004',
      'claimed-unreferenced',
    ],
    [
      'DRIFT006 owner tag differs',
      [
        vaultSecret(
          'app-key',
          NAME,
          { v1: ['AWSCURRENT'] },
          { tags: { 'docugen-secrets/id': 'app-key', 'docugen-secrets/owner': 'someone-else' } },
        ),
      ],
      auditedCurrent,
      'DRIFT006',
      'tag:docugen-secrets/owner',
    ],
    [
      'DRIFT006 default KMS key',
      [defaultKey(vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'] }))],
      auditedCurrent,
      'DRIFT006',
      'kms-key',
    ],
  ] as const)('%s', (_name, secrets, audit, code, kind) => {
    const found = run(secrets, audit);
    expect(found.map((f) => [f.code, f.kind])).toEqual([[code, kind]]);
  });

  it('a previous version within its overlap (plus the grace) is not drift', () => {
    const audit = [
      event('app-key', 'store.putPending', 'v0', ago(80)),
      event('app-key', 'store.putPending', 'v1', ago(7.5)),
      event('app-key', 'store.promote', 'v1', ago(7.5)),
    ];
    expect(run([vaultSecret('app-key', NAME, { v0: ['AWSPREVIOUS'], v1: ['AWSCURRENT'] })], audit)).toEqual([]);
  });

  it('an emergency rotation retires by its emergency overlap', () => {
    const em = manifest('app-key', awsBackend(NAME), { overlap: 'P30D', emergencyOverlap: 'PT1H' });
    const audit = [
      event('app-key', 'store.putPending', 'v0', ago(80)),
      event('app-key', 'store.promote', 'v1', ago(3)),
      event('app-key', 'rotation.finish', 'v1', ago(3), { details: { emergency: true } }),
    ];
    expect(
      run([vaultSecret('app-key', NAME, { v0: ['AWSPREVIOUS'], v1: ['AWSCURRENT'] })], audit, [em]).map((f) => f.kind),
    ).toEqual(['previous-past-retire']);
  });

  it('a secret never created is a warning, a manual one never stored is not drift', () => {
    expect(run([], [])).toEqual([
      expect.objectContaining({ code: 'DRIFT002', kind: 'not-created', severity: 'warning' }),
    ]);
    const manual = manifest('app-key', awsBackend(NAME), {
      kind: 'manual',
      strategy: 'manual',
      procedure: 'docs/x.md',
    } as never);
    expect(run([], [], [manual])).toEqual([]);
  });

  it('quotes untrusted names so control characters never reach a terminal', () => {
    const found = run(
      [
        vaultSecret('x\u001b[31m', 'production/\u001b]0;evil\u0007', { a: ['AWSCURRENT'] }),
        vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'] }),
      ],
      auditedCurrent,
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.message.includes('\u001b')).toBe(false);
    expect(found[0]?.message).toContain('\\u001b');
  });

  it('listVault keeps each name once at its position (the last listed wins) and the checks find the same with or without it', async () => {
    const other = manifest('other-key', awsBackend('production/other/missing'));
    const pages: Record<string, VaultSecret[]> = {
      'docugen-secrets/id': [
        vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'] }),
        vaultSecret('old-key', 'production/app/old', { o1: ['AWSCURRENT'] }),
      ],
      // The prefix listing sees the first secret again, changed since: that later answer is the one kept.
      'production/app/': [vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'], v0: ['KEEP_ME'] })],
    };
    const lister: VaultLister = {
      listPage: ({ filter }) =>
        Promise.resolve({ secrets: pages[filter.kind === 'tag-key' ? filter.key : filter.prefix] ?? [] }),
    };
    const listing = await listVault(lister, [m, other], ['production/app/'], ['eu-west-1']);
    expect(listing.secrets.map((s) => [s.name, Object.keys(s.versions)])).toEqual([
      [NAME, ['v1', 'v0']],
      ['production/app/old', ['o1']],
    ]);
    expect([...(listing.positions?.get('eu-west-1') ?? [])]).toEqual([
      [NAME, 0],
      ['production/app/old', 1],
    ]);
    const kinds = (vault: typeof listing): unknown[] =>
      detectDrift({ manifests: [m, other], vault, audit: indexAudit(auditedCurrent), now: NOW }).findings.map((f) => [
        f.ruleId,
        f.properties?.['kind'],
        f.message,
      ]);
    const { positions: _positions, ...withoutPositions } = listing;
    expect(kinds(listing).map((k) => (k as unknown[]).slice(0, 2))).toEqual([
      ['DRIFT004', 'extra-versions'],
      ['DRIFT002', 'not-created'],
      ['DRIFT001', 'orphan'],
    ]);
    expect(kinds(withoutPositions)).toEqual(kinds(listing));
  });

  it('a manifest in a region that was not listed is not judged: a notification names it', () => {
    const far = manifest('far-key', {
      ...awsBackend('production/far'),
      region: 'us-east-1',
    } as typeof m.manifest.backend);
    const r = detectDrift({
      manifests: [m, far],
      vault: { regions: ['eu-west-1'], secrets: [vaultSecret('app-key', NAME, { v1: ['AWSCURRENT'] })] },
      audit: indexAudit(auditedCurrent),
      now: NOW,
    });
    expect(r.findings).toEqual([]);
    expect(r.notifications.map((n) => [n.code, n.file])).toEqual([['DRIFT_REGION_NOT_LISTED', far.file]]);
  });

  it('without an audit trail it says so and judges no out-of-band change', () => {
    const r = detectDrift({
      manifests: [m],
      vault: { regions: ['eu-west-1'], secrets: [vaultSecret('app-key', NAME, { hand: ['AWSCURRENT'] })] },
      now: NOW,
    });
    expect(r.findings).toEqual([]);
    expect(r.notifications.map((n) => n.code)).toEqual(['DRIFT_NO_AUDIT']);
  });

  it('findings carry stable fingerprints and value-free properties', () => {
    const r = detectDrift({
      manifests: [m],
      vault: { regions: ['eu-west-1'], secrets: [] },
      audit: indexAudit(auditedCurrent),
      now: NOW,
    });
    expect(r.findings[0]).toMatchObject({
      ruleId: 'DRIFT002',
      secretId: 'app-key',
      file: 'secrets-manifests/app-key.yaml',
      properties: { backend: 'aws-secrets-manager', location: `eu-west-1/${NAME}` },
    });
    expect(r.findings[0]?.partialFingerprints?.['driftKey/v1']).toBe(
      `DRIFT002|missing|aws-secrets-manager|eu-west-1/${NAME}|`,
    );
  });
});
