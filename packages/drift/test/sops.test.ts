import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@docugen-secrets/audit';
import {
  detectDrift,
  indexAudit,
  type AuditReader,
  type SopsFileFacts,
  type VaultLister,
  collectDrift,
} from '../src/index.js';
import { ago, awsBackend, event, manifest, NOW, sopsFile, vaultSecret } from './fixtures.js';

const PATH = 'secrets/production/hook.sops.yaml';
const m = manifest('hook', { kind: 'sops', path: PATH });
const audited = [
  event('hook', 'store.create', 'v0', ago(41), { correlation: { commit: 'c0' } }),
  event('hook', 'store.putPending', 'v1', ago(40), { correlation: { commit: 'c1' } }),
];
const current = [{ id: 'v1', stage: 'current', status: 'active', createdAt: ago(40) }] as const;

function kinds(
  files: readonly SopsFileFacts[],
  audit: readonly AuditEvent[] = audited,
): [string, string | undefined][] {
  return detectDrift({ manifests: [m], sops: { files }, audit: indexAudit(audit), now: NOW }).findings.map((f) => [
    f.ruleId,
    f.properties?.['kind'],
  ]);
}

describe('SOPS drift', () => {
  it('finds nothing on a file the tool wrote', () => {
    expect(kinds([sopsFile('hook', PATH, current)])).toEqual([]);
  });

  it.each([
    [
      'DRIFT001 a store file no manifest declares',
      [sopsFile('hook', PATH, current), sopsFile('gone', 'secrets/production/gone.sops.yaml', current)],
      'DRIFT001',
      'orphan',
    ],
    ['DRIFT002 the file was deleted', [], 'DRIFT002', 'missing'],
    [
      'DRIFT003 a commit the rotator did not make',
      [sopsFile('hook', PATH, current, { lastCommit: 'c9' })],
      'DRIFT003',
      'out-of-band-commit',
    ],
    [
      'DRIFT003 a version written by hand',
      [sopsFile('hook', PATH, [{ id: 'hand', stage: 'current', status: 'active' }], { lastCommit: 'c1' })],
      'DRIFT003',
      'out-of-band-current',
    ],
    [
      'DRIFT004 two versions claim current',
      [sopsFile('hook', PATH, [...current, { id: 'v1', stage: 'current', status: 'active' }])],
      'DRIFT004',
      'extra-versions',
    ],
    [
      'DRIFT005 recipients differ from the rules',
      [sopsFile('hook', PATH, current, { recipients: ['age1aaa', 'age1old'] })],
      'DRIFT005',
      'sops-recipients',
    ],
  ] as const)('%s', (_name, files, code, kind) => {
    expect(kinds(files)).toEqual([[code, kind]]);
  });

  it('files outside the store layout are not orphans', () => {
    expect(
      kinds([sopsFile('hook', PATH, current), { ...sopsFile('x', 'config/app.sops.yaml', current), managed: false }]),
    ).toEqual([]);
  });
});

describe('collectDrift', () => {
  it('pages until NextToken is absent, lists by tag, prefix and declared name, reads the audit trail', async () => {
    const calls: string[] = [];
    const pages = [
      [vaultSecret('a', 'production/a', { x: ['AWSCURRENT'] })],
      [vaultSecret('b', 'production/b', { y: ['AWSCURRENT'] })],
    ];
    const lister: VaultLister = {
      listPage: ({ filter, nextToken }) => {
        calls.push(`${filter.kind === 'tag-key' ? filter.key : filter.prefix}@${nextToken ?? ''}`);
        if (filter.kind === 'name-prefix')
          return Promise.resolve({
            secrets:
              filter.prefix === 'production/untagged'
                ? [
                    vaultSecret('c', 'production/untagged', {}, { tags: {} }),
                    vaultSecret('d', 'production/untagged-2', {}),
                  ]
                : [],
          });
        const i = nextToken === undefined ? 0 : 1;
        return Promise.resolve({ secrets: pages[i] ?? [], ...(i === 0 ? { nextToken: 'p2' } : {}) });
      },
    };
    const trail = [event('a', 'store.create', 'x', ago(3)), event('b', 'store.putPending', 'y', ago(2))];
    const audit: AuditReader = {
      readEvents: (visit) => {
        for (const e of trail) visit(e);
        return Promise.resolve(true);
      },
    };
    const manifests = [manifest('a', awsBackend('production/a')), manifest('c', awsBackend('production/untagged'))];
    const input = await collectDrift({ vault: lister, audit }, manifests, NOW, { namePrefixes: ['staging/'] });
    expect(calls).toEqual(['docugen-secrets/id@', 'docugen-secrets/id@p2', 'staging/@', 'production/untagged@']);
    expect(input.vault?.secrets.map((s) => s.name)).toEqual(['production/a', 'production/b', 'production/untagged']);
    expect([...(input.audit?.keys() ?? [])]).toEqual(['a', 'b']);
    expect(input.audit?.get('a')?.writtenAt('x')).toEqual(ago(3));
    expect(input.audit?.get('b')?.wrote('x')).toBe(false);
  });

  it('indexes the streamed trail: out-of-band versions are still told; no trail gives no index', async () => {
    const lister: VaultLister = {
      listPage: () =>
        Promise.resolve({
          secrets: [vaultSecret('a', 'production/a', { old: ['AWSPREVIOUS'], hand: ['AWSCURRENT'] })],
        }),
    };
    const streamed: AuditReader = {
      readEvents: (visit) => {
        visit(event('a', 'store.create', 'old', ago(50)));
        visit(event('a', 'store.putPending', 'hand', ago(1), { outcome: 'failure' }));
        return Promise.resolve(true);
      },
    };
    const manifests = [manifest('a', awsBackend('production/a'))];
    const found = detectDrift(await collectDrift({ vault: lister, audit: streamed }, manifests, NOW));
    expect(found.findings.map((f) => [f.ruleId, f.properties?.['kind']])).toContainEqual([
      'DRIFT003',
      'out-of-band-current',
    ]);
    const none: AuditReader = { readEvents: () => Promise.resolve(false) };
    const input = await collectDrift({ vault: lister, audit: none }, manifests, NOW);
    expect(input.audit).toBeUndefined();
    expect(detectDrift(input).notifications.map((n) => n.code)).toContain('DRIFT_NO_AUDIT');
  });

  it('reads the SOPS files and the trail while the listing pages, and lets them finish before a listing failure', async () => {
    const order: string[] = [];
    let pageAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (pageAsked = resolve));
    const lister: VaultLister = {
      listPage: () => {
        order.push('list: page requested');
        pageAsked();
        return Promise.reject(new Error('listing failed'));
      },
    };
    const audit: AuditReader = {
      readEvents: async () => {
        await asked; // the page is in flight before the trail is read: the two overlap
        order.push('audit: started');
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push('audit: done');
        return true;
      },
    };
    const sops = {
      listFiles: () => {
        order.push('sops: listed');
        return Promise.resolve([]);
      },
    };
    const manifests = [manifest('a', awsBackend('production/a'))];
    await expect(collectDrift({ vault: lister, sops, audit }, manifests, NOW)).rejects.toThrow('listing failed');
    expect(order).toEqual(['list: page requested', 'sops: listed', 'audit: started', 'audit: done']);
  });
});
