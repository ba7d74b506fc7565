import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDocugenError } from '@docugen-secrets/core';
import { FixedClock } from '@docugen-secrets/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../command.js';
import { main } from '../main.js';
import { serveCommand } from './serve.js';

interface Running {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly stop: () => void;
  readonly exit: Promise<number>;
}

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'serve-cmd-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function context(argv: string[]): { ctx: CommandContext; stdout: string[]; stderr: string[]; stop: () => void } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stop = (): void => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const ctx: CommandContext = {
    argv,
    cwd,
    env: {},
    stdout: { write: (t) => void stdout.push(t) },
    stderr: { write: (t) => void stderr.push(t) },
    clock: new FixedClock('2026-01-01T00:00:00Z'),
    isTTY: false,
    stopSignal,
  };
  return { ctx, stdout, stderr, stop };
}

function start(argv: string[]): Running {
  const { ctx, stdout, stderr, stop } = context(argv);
  return { stdout, stderr, stop, exit: serveCommand.run(ctx) };
}

async function endpointOf(run: Running): Promise<string> {
  for (let i = 0; i < 200 && run.stdout.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const m = /^secrets-manager listening on (http:\/\/127\.0\.0\.1:\d+) \(region (\S+)\)\n$/.exec(run.stdout.join(''));
  if (!m?.[1]) throw new Error(`no endpoint line in: ${run.stdout.join('')}`);
  return m[1];
}

async function call(
  endpoint: string,
  op: string,
  body: object,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `secretsmanager.${op}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=local/x, Signature=0',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('docugen-secrets serve secrets-manager', () => {
  it('prints its endpoint, serves until stopped, then saves --state (0600) and exits 0', async () => {
    const run = start(['secrets-manager', '--port', '0', '--state', 'sm-state.json', '--region', 'eu-west-3']);
    const endpoint = await endpointOf(run);
    expect(run.stdout.join('')).toContain('(region eu-west-3)');
    const created = await call(endpoint, 'CreateSecret', { Name: 'cli/one', SecretString: 'v1' });
    expect(created.status).toBe(200);
    expect(String(created.json['ARN'])).toMatch(/^arn:aws:secretsmanager:eu-west-3:/);
    run.stop();
    expect(await run.exit).toBe(0);
    const statePath = join(cwd, 'sm-state.json');
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(statePath, 'utf8')).secrets[0].name).toBe('cli/one');

    const again = start(['secrets-manager', '--port', '0', '--state', 'sm-state.json']);
    const got = await call(await endpointOf(again), 'GetSecretValue', { SecretId: 'cli/one' });
    expect(got.json['SecretString']).toBe('v1');
    again.stop();
    expect(await again.exit).toBe(0);
  });

  it('injects --fault rules and logs requests with --verbose, without secret values', async () => {
    const run = start(['secrets-manager', '--port', '0', '--fault', 'CreateSecret:throttle:times=1', '--verbose']);
    const endpoint = await endpointOf(run);
    const throttled = await call(endpoint, 'CreateSecret', { Name: 'f', SecretString: 'canary-cli-31c7' });
    expect(throttled.status).toBe(400);
    expect(throttled.json['__type']).toBe('ThrottlingException');
    expect((await call(endpoint, 'CreateSecret', { Name: 'f', SecretString: 'canary-cli-31c7' })).status).toBe(200);
    run.stop();
    expect(await run.exit).toBe(0);
    const log = run.stderr.join('');
    expect(log).toContain('operation=CreateSecret');
    expect(log).toContain('errorType=ThrottlingException');
    expect(log).not.toContain('canary-cli-31c7');
  });

  it.each([
    [['secrets-manager'], /--port is required/],
    [['secrets-manager', '--port', '70000'], /--port must be a whole number/],
    [['kms', '--port', '0'], /secrets-manager/],
    [['secrets-manager', '--port', '0', '--fault', 'Nope:throttle'], /unknown operation/],
    [['secrets-manager', '--port', '0', '--bogus'], /bogus/],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { ctx } = context(argv);
    const err: unknown = await serveCommand.run(ctx).catch((e: unknown) => e);
    expect(isDocugenError(err, 'CLI_USAGE')).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it('is registered: main dispatches --help to it', async () => {
    const { ctx, stdout } = context(['serve', '--help']);
    expect(await main(ctx)).toBe(0);
    expect(stdout.join('')).toContain('mode 0600');
  });
});

describe('docugen-secrets serve github', () => {
  async function githubUrlOf(run: Running): Promise<string> {
    for (let i = 0; i < 500 && !run.stdout.join('').includes('GITHUB_API_URL='); i++)
      await new Promise((r) => setTimeout(r, 10));
    const m =
      /^github listening on (http:\/\/127\.0\.0\.1:\d+) \(repos docugen\/secrets\)\nGITHUB_API_URL=(\S+)\n$/.exec(
        run.stdout.join(''),
      );
    if (!m?.[1] || m[2] !== m[1]) throw new Error(`no URL lines in: ${run.stdout.join('')}`);
    return m[1];
  }

  it('prints the GITHUB_API_URL, checks the token, keeps --state across restarts, injects --fault', async () => {
    const run = start([
      'github',
      '--port',
      '0',
      '--state',
      'gh.json',
      '--token',
      't0k',
      '--fault',
      'issues/create:secondary-rate-limit:times=1',
    ]);
    const url = await githubUrlOf(run);
    const post = (token: string): Promise<Response> =>
      fetch(`${url}/repos/docugen/secrets/issues`, {
        method: 'POST',
        headers: { authorization: `token ${token}` },
        body: JSON.stringify({ title: 'from cli' }),
      });
    expect((await post('wrong')).status).toBe(401);
    const limited = await post('t0k');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await post('t0k')).status).toBe(201);
    run.stop();
    expect(await run.exit).toBe(0);
    expect((await stat(join(cwd, 'gh.json'))).mode & 0o777).toBe(0o600);

    const again = start(['github', '--port', '0', '--state', 'gh.json']);
    const res = await fetch(`${await githubUrlOf(again)}/repos/docugen/secrets/issues/1`, {
      headers: { authorization: 'token any' },
    });
    expect(((await res.json()) as { title: string }).title).toBe('from cli');
    again.stop();
    expect(await again.exit).toBe(0);
  });

  it.each([
    [['github'], /--port is required/],
    [['github', '--port', '0', '--repo', 'nope'], /OWNER\/NAME/],
    [['github', '--port', '0', '--fault', 'issues/nope:server-error'], /unknown operation/],
    [['github', '--port', '0', '--region', 'x'], /region/],
    [['github', '--port', '0', '--git-dir', 'docugen/secrets'], /OWNER\/NAME=DIR/],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { ctx } = context(argv);
    const err: unknown = await serveCommand.run(ctx).catch((e: unknown) => e);
    expect(isDocugenError(err, 'CLI_USAGE')).toBe(true);
    expect((err as Error).message).toMatch(message);
  });
});
