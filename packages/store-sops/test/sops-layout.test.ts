import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import { newSecret, type SecretRef, type StagedSecret } from '@docugen-secrets/secret-store';
import { fromDocument, prune, toDocument, HISTORY_LIMIT } from '../src/layout.js';

const ref: SecretRef = { id: 'db', target: { kind: 'sops', path: 'secrets/prod/db.sops.yaml' } };
const now = new Date('2026-11-29T12:00:00.000Z');

describe('SOPS store layout', () => {
  it('round-trips a state, binary values included', () => {
    const state: StagedSecret = {
      ...newSecret(
        {
          description: 'd',
          tags: { owner: 'team' },
          initialValue: { kind: 'binary', value: new Uint8Array([0, 255, 7]) },
        },
        'v1-0000000000000000000000000000000',
        now,
      ),
    };
    const back = fromDocument(ref, JSON.parse(JSON.stringify(toDocument(ref, state))), 'f');
    expect(back).toEqual(state);
  });

  it('reports every problem of a damaged document at once, without values', () => {
    const doc = {
      format: 'docugen-secrets/sops-store/v1',
      id: 'other',
      tags: {},
      created_at: 'yesterday',
      changed_at: now.toISOString(),
      versions: [
        {
          id: 'a',
          stage: 'current',
          status: 'active',
          created_at: now.toISOString(),
          kind: 'string',
          value: 'CANARY-x',
        },
        { id: 'a', stage: 'current', status: 'weird', created_at: now.toISOString() },
      ],
    };
    let err: unknown;
    try {
      fromDocument(ref, doc, 'secrets/prod/db.sops.yaml');
    } catch (e) {
      err = e;
    }
    expect(isDocugenError(err, 'STORE_CORRUPT')).toBe(true);
    const message = (err as Error).message;
    for (const part of [
      'id must be "db"',
      'created_at must be',
      'versions[1].status',
      'versions[1] holds a stage but no value',
      'more than one version is current',
      'version ids are not unique',
    ]) {
      expect(message).toContain(part);
    }
    expect(message).not.toContain('CANARY');
  });

  it('keeps values only for staged versions and a bounded history', () => {
    const versions = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => ({
      versionId: `v${i}`,
      createdAt: now,
      value: { kind: 'string', value: 'x' } as const,
    }));
    const state: StagedSecret = {
      ...newSecret({}, 'c', now),
      versions: [
        { versionId: 'cur', createdAt: now, stage: 'current', value: { kind: 'string', value: 'y' } },
        ...versions,
      ],
    };
    const pruned = prune(state);
    expect(pruned.versions).toHaveLength(HISTORY_LIMIT + 1);
    expect(pruned.versions.filter((v) => v.value !== undefined).map((v) => v.versionId)).toEqual(['cur']);
  });
});
