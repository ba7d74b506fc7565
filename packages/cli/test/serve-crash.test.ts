import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

// Issue 13 item 3: `serve secrets-manager --state FILE` answers a write only once
// it is on disk. Bursts of writes against the built CLI's server, SIGKILLed at
// random moments; every write the client saw acknowledged (200) must be there
// after a restart on the same state file.

const BIN = join(repoRoot, 'packages/cli/bin/docugen-secrets.js');
const ROUNDS = 4;
const CONCURRENCY = 16;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Server {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly endpoint: string;
}

async function serve(): Promise<Server> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', 'secrets-manager', '--port', '0', '--state', join(dir, 'state.json')],
    { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => {
      reject(new Error(`server exited (${String(code)}) before listening: ${out}`));
    });
  });
  return { child, endpoint };
}

async function call(
  endpoint: string,
  op: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `secretsmanager.${op}`,
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface Acks {
  readonly created: string[];
  readonly versions: { readonly name: string; readonly versionId: string }[];
}

/** Writes until the server dies: new secrets, and new versions of the first one; records what was answered 200. */
async function burst(endpoint: string, round: number, acks: Acks, stop: { dead: boolean }): Promise<void> {
  let n = 0;
  const base = `burst-${round}`;
  const worker = async (): Promise<void> => {
    while (!stop.dead) {
      const i = n++;
      const put = i % 3 === 2 && acks.created.includes(`${base}-0`);
      try {
        if (put) {
          const token = `${base}-token-${String(i).padStart(20, '0')}`;
          const r = await call(endpoint, 'PutSecretValue', {
            SecretId: `${base}-0`,
            SecretString: `v${i}`,
            ClientRequestToken: token,
          });
          if (r.status === 200) acks.versions.push({ name: `${base}-0`, versionId: token });
        } else {
          const r = await call(endpoint, 'CreateSecret', { Name: `${base}-${i}`, SecretString: `v${i}` });
          if (r.status === 200) acks.created.push(`${base}-${i}`);
        }
      } catch {
        return; // the connection died with the server: not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('serve secrets-manager --state: acknowledged writes survive kill -9', { timeout: 600_000 }, () => {
  it(`loses 0 acknowledged writes over ${ROUNDS} kills at random moments`, async () => {
    const acks: Acks = { created: [], versions: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const server = await serve();
      const stop = { dead: false };
      const writing = burst(server.endpoint, round, acks, stop);
      const before = acks.created.length;
      // Kill at a random moment once this round has had some acknowledged writes.
      while (acks.created.length < before + 20) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
      const exited = new Promise<void>((resolve) =>
        server.child.once('exit', () => {
          resolve();
        }),
      );
      server.child.kill('SIGKILL');
      await exited;
      stop.dead = true;
      await writing;
    }
    const server = await serve();
    try {
      const lost: string[] = [];
      for (const name of acks.created) {
        if ((await call(server.endpoint, 'DescribeSecret', { SecretId: name })).status !== 200) lost.push(name);
      }
      for (const v of acks.versions) {
        if (
          (await call(server.endpoint, 'GetSecretValue', { SecretId: v.name, VersionId: v.versionId })).status !== 200
        )
          lost.push(`${v.name}@${v.versionId}`);
      }
      expect(acks.created.length).toBeGreaterThanOrEqual(ROUNDS * 20);
      expect(lost, `${lost.length} of ${acks.created.length + acks.versions.length} acknowledged writes lost`).toEqual(
        [],
      );
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
