import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { systemClock, type Clock } from '@docugen-secrets/core';
import { git, repoWithRemote } from '@docugen-secrets/test-support';
import type { ActionProcess } from '../src/index.js';

const rotation = {
  kind: 'random-secret',
  strategy: 'alternating',
  length: 48,
  charset: 'base64url',
  cadence: 'P60D',
  overlap: 'P3D',
  emergencyOverlap: 'PT30M',
};

/** A consumer restarted by the rotator: a rolling restart through a deploy repository's `repository_dispatch`. */
export function restartedConsumer(repository: string): Record<string, unknown> {
  return {
    service: 'partner-sync',
    reload: {
      kind: 'rolling-restart',
      deployment: 'partner-sync',
      rolloutDuration: 'PT30M',
      maxUnavailable: 1,
      restartsPerHour: 6,
      trigger: { kind: 'repository-dispatch', repository },
    },
  };
}

interface Override {
  readonly rotation?: Record<string, string>;
  readonly maxAge?: string;
  readonly consumers?: readonly Record<string, unknown>[];
}

function manifest(id: string, backend: Record<string, string>, override: Override = {}): string {
  return stringify({
    apiVersion: 'docugen.io/secrets/v1',
    id,
    description: `test secret ${id} for the rotator action`,
    environment: 'production',
    owner: { team: 'platform', handles: ['@someone'] },
    oncall: { team: '@docugen/platform-oncall' },
    classification: 'high',
    consumers: [
      { service: 'api', reload: { kind: 'live-client', refreshInterval: 'PT5M' } },
      ...(override.consumers ?? []),
    ],
    backend,
    rotation: override.rotation ?? rotation,
    expiry: { maxAge: override.maxAge ?? 'P75D', warnBefore: ['P14D', 'P3D'] },
    runbook: `docs/runbooks/${id}.md`,
  });
}

/** The two secrets of the action tests: one SOPS-backed, one in Secrets Manager; both rotate every 60 days. */
export const SECRETS = {
  sops: 'webhook-hmac-secret',
  aws: 'partner-api-token',
  expiring: 'crm-api-token',
  /** A second SOPS secret (`manifestFiles(…, { secondSops: true })`). */
  sops2: 'session-signing-secret',
} as const;

/** What else the test estate holds: a second SOPS secret; a restart of the Secrets Manager secret's consumer. */
export interface MoreManifests {
  readonly secondSops?: boolean;
  /** The deploy repository (`owner/name`) restarting partner-api-token's rolling-restart consumer. */
  readonly restartRepository?: string;
}

/**
 * The manifests of the test secrets, by repository path: the two that rotate
 * every 60 days and, with `expiring`, a third rotated by hand whose 70-day
 * expiry warns 14 days ahead (the test seeds its value in Secrets Manager).
 */
export function manifestFiles(expiring = false, more: MoreManifests = {}): Record<string, string> {
  const third = {
    [`secrets-manifests/${SECRETS.expiring}.yaml`]: manifest(
      SECRETS.expiring,
      { kind: 'aws-secrets-manager', name: `production/${SECRETS.expiring}`, region: 'eu-west-1' },
      {
        rotation: { kind: 'manual', strategy: 'manual', cadence: 'P90D', procedure: 'docs/runbooks/crm.md#rotation' },
        maxAge: 'P70D',
      },
    ),
  };
  return {
    ...(expiring ? third : {}),
    [`secrets-manifests/${SECRETS.sops}.yaml`]: manifest(SECRETS.sops, {
      kind: 'sops',
      path: `secrets/production/${SECRETS.sops}.sops.yaml`,
    }),
    ...(more.secondSops
      ? {
          [`secrets-manifests/${SECRETS.sops2}.yaml`]: manifest(SECRETS.sops2, {
            kind: 'sops',
            path: `secrets/production/${SECRETS.sops2}.sops.yaml`,
          }),
        }
      : {}),
    [`secrets-manifests/${SECRETS.aws}.yaml`]: manifest(
      SECRETS.aws,
      { kind: 'aws-secrets-manager', name: `production/${SECRETS.aws}`, region: 'eu-west-1' },
      more.restartRepository === undefined ? {} : { consumers: [restartedConsumer(more.restartRepository)] },
    ),
  };
}

/** A checkout like the one `actions/checkout` leaves: cloned from a bare remote, manifests pushed, git identity set. */
export function workspace(): { dir: string; remote: string; git: (...args: string[]) => string } {
  const { work, remote } = repoWithRemote('rotator-action-ws-');
  const run = (...args: string[]): string => git(work, ...args);
  run('config', 'user.name', 'github-actions[bot]');
  run('config', 'user.email', '41898282+github-actions[bot]@users.noreply.github.com');
  for (const [path, text] of Object.entries(manifestFiles())) {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), text);
  }
  run('add', '-A');
  run('commit', '-q', '-m', 'manifests');
  run('push', '-q', 'origin', 'HEAD:refs/heads/main');
  return { dir: work, remote, git: run };
}

/** The runner's process for an in-process action run: env as GitHub sets it, output collected. */
export async function actionProcess(
  ws: string,
  env: Record<string, string> = {},
  clock: Clock = systemClock,
): Promise<ActionProcess & { printed: () => string }> {
  const temp = await mkdtemp(join(tmpdir(), 'rotator-action-temp-'));
  let out = '';
  return {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: ws,
      GITHUB_WORKSPACE: ws,
      RUNNER_TEMP: temp,
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'docugen/app',
      GITHUB_RUN_ID: '42',
      ...env,
    },
    cwd: ws,
    clock,
    stdout: { write: (t) => (out += t) },
    stderr: { write: (t) => (out += t) },
    stopSignal: new Promise(() => undefined),
    printed: () => out,
  };
}
