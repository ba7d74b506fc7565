import {
  CreateSecretCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { FixedClock } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { rejectionOf, startHarness, token } from './helpers.js';

describe('pagination (NextToken / MaxResults)', () => {
  it('pages ListSecrets in CreatedDate order without gaps or repeats', async () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const { client } = await startHarness({ clock });
    const names = Array.from({ length: 7 }, (_, i) => `p/${String.fromCharCode(103 - i)}`); // created g, f, e, …
    for (const Name of names) {
      await client.send(new CreateSecretCommand({ Name, SecretString: 'x' }));
      clock.advance(1000);
    }
    const seen: SecretListEntry[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListSecretsCommand({ MaxResults: 3, ...(next ? { NextToken: next } : {}) }));
      seen.push(...(page.SecretList ?? []));
      next = page.NextToken;
      pages += 1;
    } while (next);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.Name)).toEqual(names);
    const byName = await client.send(new ListSecretsCommand({ SortBy: 'name', SortOrder: 'desc', MaxResults: 2 }));
    expect(byName.SecretList?.map((s) => s.Name)).toEqual(['p/g', 'p/f']);
  });

  it('pages ListSecretVersionIds, newest first', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'v', SecretString: 'x0', ClientRequestToken: token(0) }));
    for (let i = 1; i <= 4; i++)
      await client.send(
        new PutSecretValueCommand({
          SecretId: 'v',
          SecretString: `x${i}`,
          ClientRequestToken: token(i),
          VersionStages: [`L${i}`],
        }),
      );
    const first = await client.send(new ListSecretVersionIdsCommand({ SecretId: 'v', MaxResults: 2 }));
    expect(first.Versions?.map((v) => v.VersionId)).toEqual([token(4), token(3)]);
    const rest = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 'v', MaxResults: 2, NextToken: first.NextToken! }),
    );
    expect(rest.Versions?.map((v) => v.VersionId)).toEqual([token(2), token(1)]);
    const last = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 'v', MaxResults: 2, NextToken: rest.NextToken! }),
    );
    expect(last.Versions?.map((v) => v.VersionId)).toEqual([token(0)]);
    expect(last.NextToken).toBeUndefined();
  });

  it('with maxPageSize returns fewer than MaxResults (as AWS may) and a NextToken to the rest', async () => {
    const { client } = await startHarness({ maxPageSize: 2 });
    await client.send(new CreateSecretCommand({ Name: 'cap', SecretString: 'x0', ClientRequestToken: token(0) }));
    for (let i = 1; i <= 4; i++)
      await client.send(
        new PutSecretValueCommand({
          SecretId: 'cap',
          SecretString: `x${i}`,
          ClientRequestToken: token(i),
          VersionStages: [`L${i}`],
        }),
      );
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const page = await client.send(
        new ListSecretVersionIdsCommand({ SecretId: 'cap', MaxResults: 100, ...(next ? { NextToken: next } : {}) }),
      );
      expect(page.Versions!.length).toBeLessThanOrEqual(2);
      ids.push(...page.Versions!.map((v) => v.VersionId!));
      next = page.NextToken;
    } while (next);
    expect(ids).toEqual([4, 3, 2, 1, 0].map(token));
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toHaveLength(1);
  });

  it('refuses a forged token or one from another listing, and MaxResults outside 1–100', async () => {
    const { client } = await startHarness();
    for (let i = 0; i < 3; i++) await client.send(new CreateSecretCommand({ Name: `n${i}`, SecretString: 'x' }));
    const page = await client.send(new ListSecretsCommand({ MaxResults: 1 }));
    expect((await rejectionOf(client.send(new ListSecretsCommand({ NextToken: 'bogus' })))).name).toBe(
      'InvalidNextTokenException',
    );
    const crossed = await rejectionOf(
      client.send(new ListSecretVersionIdsCommand({ SecretId: 'n0', NextToken: page.NextToken! })),
    );
    expect(crossed.name).toBe('InvalidNextTokenException');
    expect((await rejectionOf(client.send(new ListSecretsCommand({ MaxResults: 101 })))).name).toBe(
      'ValidationException',
    );
    expect((await rejectionOf(client.send(new ListSecretsCommand({ MaxResults: 0 })))).name).toBe(
      'ValidationException',
    );
  });
});

describe('ListSecrets filters', () => {
  it('applies name / tag / description prefixes, negation and the all-words filter', async () => {
    const { client } = await startHarness();
    await client.send(
      new CreateSecretCommand({
        Name: 'prod/db',
        SecretString: 'x',
        Description: 'Main database',
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    await client.send(
      new CreateSecretCommand({
        Name: 'prod/api',
        SecretString: 'x',
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'web' },
        ],
      }),
    );
    await client.send(new CreateSecretCommand({ Name: 'dev/db', SecretString: 'x', Description: 'dev database' }));
    const names = async (
      Filters: { Key: 'name' | 'tag-key' | 'tag-value' | 'description' | 'all'; Values: string[] }[],
    ): Promise<string[]> =>
      ((await client.send(new ListSecretsCommand({ Filters }))).SecretList ?? []).map((s) => s.Name!);
    expect(await names([{ Key: 'name', Values: ['prod/'] }])).toEqual(['prod/db', 'prod/api']);
    expect(await names([{ Key: 'name', Values: ['!prod/'] }])).toEqual(['dev/db']);
    expect(await names([{ Key: 'tag-key', Values: ['team'] }])).toEqual(['prod/api']);
    expect(
      await names([
        { Key: 'tag-value', Values: ['prod'] },
        { Key: 'name', Values: ['prod/d'] },
      ]),
    ).toEqual(['prod/db']);
    expect(await names([{ Key: 'description', Values: ['main'] }])).toEqual(['prod/db']);
    expect(await names([{ Key: 'all', Values: ['DATABASE dev'] }])).toEqual(['dev/db']);
  });

  it('never includes values in list entries', async () => {
    const { client } = await startHarness();
    await client.send(new CreateSecretCommand({ Name: 'quiet', SecretString: 'canary-list-7f3a' }));
    const out = await client.send(new ListSecretsCommand({}));
    expect(JSON.stringify(out)).not.toContain('canary-list-7f3a');
    expect(out.SecretList?.[0]?.SecretVersionsToStages).toBeDefined();
  });
});
