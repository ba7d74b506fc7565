import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isDocugenError } from '@docugen-secrets/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAwsIam, FakeGcs, FakeGoogleApis, LOCAL_STATE_FILES, startLocalEmulators } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulators-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const json = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('Google APIs emulator state file', () => {
  it('keeps keys across a restart: the key string still passes the Places check', async () => {
    const statePath = join(dir, 'google.json');
    const first = await FakeGoogleApis.start({ statePath });
    const created = await fetch(`${first.url}/v2/projects/p1/locations/global/keys`, {
      method: 'POST',
      headers: json(first.accessToken),
      body: JSON.stringify({ displayName: 'k', restrictions: { apiTargets: [{ service: 'places.googleapis.com' }] } }),
    });
    // As upstream, the first answer is an unfinished operation: poll it once.
    const operation = ((await created.json()) as { name: string; done: boolean }).name;
    const done = (await (await fetch(`${first.url}/v2/${operation}`, { headers: json(first.accessToken) })).json()) as {
      done: boolean;
      response: { name: string; keyString: string };
    };
    expect(done.done).toBe(true);
    const name = done.response.name;
    expect(name.startsWith(`projects/${first.projectNumber('p1')}/`)).toBe(true);
    const keyString = (
      (await (await fetch(`${first.url}/v2/${name}/keyString`, { headers: json(first.accessToken) })).json()) as {
        keyString: string;
      }
    ).keyString;
    await first.close();
    expect(await modeOf(statePath)).toBe(0o600);

    const second = await FakeGoogleApis.start({ statePath });
    try {
      expect(second.keys('p1')).toEqual([expect.objectContaining({ name, deleted: false })]);
      const places = await fetch(`${second.url}/v1/places:searchText`, {
        method: 'POST',
        headers: { 'x-goog-api-key': keyString, 'x-goog-fieldmask': 'places.id' },
        body: JSON.stringify({ textQuery: 'DocuGen' }),
      });
      expect(places.status).toBe(200);
      expect(second.issuedSecrets()).toContain(keyString);
    } finally {
      await second.close();
    }
  });
});

describe('IAM emulator state file', () => {
  it('keeps users (with their account), keys and their not yet reported uses across a restart; admin credentials are new each start', async () => {
    const statePath = join(dir, 'iam.json');
    const first = await FakeAwsIam.start({ statePath });
    first.addUser('svc', { accountId: '210987654321' });
    await first.save();
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: first.url,
      credentials: first.adminCredentials,
      maxAttempts: 1,
    });
    const out = await iam.send(new CreateAccessKeyCommand({ UserName: 'svc' }));
    iam.destroy();
    const key = {
      accessKeyId: out.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: out.AccessKey?.SecretAccessKey ?? '',
    };
    const oldAdmin = first.adminCredentials.accessKeyId;
    await first.close();
    expect(await modeOf(statePath)).toBe(0o600);

    const second = await FakeAwsIam.start({ statePath });
    try {
      expect(second.adminCredentials.accessKeyId).not.toBe(oldAdmin);
      const sts = new STSClient({ region: 'us-east-1', endpoint: second.url, credentials: key, maxAttempts: 1 });
      const who = await sts.send(new GetCallerIdentityCommand({}));
      sts.destroy();
      expect(who.Account).toBe('210987654321');
      const admin = new IAMClient({
        region: 'us-east-1',
        endpoint: second.url,
        credentials: second.adminCredentials,
        maxAttempts: 1,
      });
      const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'svc' }));
      admin.destroy();
      expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([key.accessKeyId]);
      expect(second.accessKeys('svc')[0]?.lastUsedDate).toBeUndefined(); // recorded, but IAM reports it hours late
    } finally {
      await second.close();
    }
    const third = await FakeAwsIam.start({ statePath, now: () => new Date(Date.now() + 5 * 3_600_000) });
    try {
      expect(third.accessKeys('svc')[0]?.lastUsedDate).toBeInstanceOf(Date); // the unreported use survived the restart
    } finally {
      await third.close();
    }
  });
});

describe('Cloud Storage emulator state file', () => {
  it('keeps HMAC keys and their states across a restart', async () => {
    const statePath = join(dir, 'gcs.json');
    const first = await FakeGcs.start({ statePath });
    const sa = 'sa@p.iam.gserviceaccount.com';
    first.addServiceAccount(sa);
    const res = await fetch(
      `${first.url}/storage/v1/projects/p/hmacKeys?serviceAccountEmail=${encodeURIComponent(sa)}`,
      { method: 'POST', headers: json(first.accessToken) },
    );
    const accessId = ((await res.json()) as { metadata: { accessId: string } }).metadata.accessId;
    await fetch(`${first.url}/storage/v1/projects/p/hmacKeys/${accessId}`, {
      method: 'PUT',
      headers: json(first.accessToken),
      body: JSON.stringify({ state: 'INACTIVE' }),
    });
    await first.close();

    const second = await FakeGcs.start({ statePath });
    try {
      expect(second.hmacKeys(sa)).toEqual([expect.objectContaining({ accessId, state: 'INACTIVE' })]);
      const again = await fetch(
        `${second.url}/storage/v1/projects/p/hmacKeys?serviceAccountEmail=${encodeURIComponent(sa)}`,
        { method: 'POST', headers: json(second.accessToken) },
      );
      expect(again.status).toBe(200); // the service account survived the restart too
    } finally {
      await second.close();
    }
  });
});

describe('damaged state files', () => {
  it('refuse to start with EMULATOR_STATE_INVALID, naming the field and never a value', async () => {
    // Built at run time so the leak scanner does not take the test's canary for a real key.
    const canary = ['AIza', 'CanaryNeverInAnyMessage0123456789ab'].join('');
    const cases: [string, string][] = [
      ['not json', '{'],
      ['wrong format', JSON.stringify({ format: 'something-else', version: 1, keys: [] })],
      [
        'bad field',
        JSON.stringify({
          format: 'docugen-secrets/local-google-apis-state',
          version: 1,
          keys: [
            {
              name: 'n',
              uid: 'u',
              displayName: 'd',
              keyString: canary,
              createTime: 'yesterday',
              updateTime: 'x',
              restrictions: {},
              unpropagated: 0,
            },
          ],
        }),
      ],
    ];
    for (const [label, text] of cases) {
      const statePath = join(dir, `${label.replace(/ /g, '-')}.json`);
      await writeFile(statePath, text);
      const err = await FakeGoogleApis.start({ statePath }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDocugenError(err, 'EMULATOR_STATE_INVALID'), label).toBe(true);
      expect((err as Error).message).not.toContain(canary);
    }
    const bad = await FakeGoogleApis.start({ statePath: join(dir, 'bad-field.json') }).catch((e: unknown) => e);
    expect((bad as Error).message).toContain('keys[0].createTime');
  });
});

describe('startLocalEmulators', () => {
  it('starts the three emulators with state files in one folder, written atomically', async () => {
    const local = await startLocalEmulators({ stateDir: dir, now: () => new Date('2030-01-02T03:04:05Z') });
    try {
      const seeded = local.google.seedKey('p', { displayName: 'seed', restrictions: {} });
      await local.google.save();
      local.iam.addUser('u');
      await local.iam.save();
      await local.gcs.save();
      expect(local.statePaths.map((p) => p.slice(dir.length + 1)).sort()).toEqual(
        Object.values(LOCAL_STATE_FILES).sort(),
      );
      expect((await readdir(dir)).sort()).toEqual(Object.values(LOCAL_STATE_FILES).sort()); // no temp files left
      const google = JSON.parse(await readFile(join(dir, LOCAL_STATE_FILES.google), 'utf8')) as {
        keys: { createTime: string; keyString: string }[];
      };
      expect(google.keys[0]).toMatchObject({ createTime: '2030-01-02T03:04:05.000Z', keyString: seeded.keyString });
    } finally {
      await local.close();
    }
  });

  it('without a stateDir keeps everything in memory', async () => {
    const local = await startLocalEmulators();
    local.google.seedKey('p', { displayName: 'seed', restrictions: {} });
    await local.google.save();
    await local.close();
    expect(local.statePaths).toEqual([]);
  });

  it('fails with the damaged file error when one emulator cannot start', async () => {
    await writeFile(join(dir, LOCAL_STATE_FILES.gcs), 'not json');
    const err = await startLocalEmulators({ stateDir: dir }).catch((e: unknown) => e);
    expect(isDocugenError(err, 'EMULATOR_STATE_INVALID')).toBe(true);
  });
});
