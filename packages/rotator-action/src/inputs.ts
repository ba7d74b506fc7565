import type { RunCommand, RunTrigger } from '@docugen-secrets/runner';
import { inputError } from './errors.js';

/** How SOPS updates reach the repository. */
export type CommitMode = 'push' | 'pull-request';

/** The action's inputs, validated (README lists them with their defaults). */
export interface ActionInputs {
  readonly command: RunCommand;
  readonly secrets: readonly string[];
  readonly emergency?: { readonly reason: string };
  readonly dryRun: boolean;
  /** `rotate` in a matrix: this job's shard of `shards`. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** `plan`: the matrix size. */
  readonly shards?: number;
  /** Tests only: run as of this time. */
  readonly now?: Date;
  readonly commitMode: CommitMode;
  readonly githubToken?: string;
  readonly awsRegion?: string;
  readonly sopsRepo: string;
  readonly eventsUrl?: string;
  readonly manifests: readonly string[];
  readonly auditLog?: string;
  /** `alerts`: folder of the rotate jobs' downloaded `report` files. */
  readonly outcomes?: string;
  /** `rotate`: the restart ledger file, kept between runs by the workflow (see restart-ledger.ts). */
  readonly restartLedger?: string;
}

type Get = (name: string) => string;

function oneOf<T extends string>(get: Get, name: string, allowed: readonly T[], fallback: T): T {
  const raw = get(name);
  if (raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw inputError(name, `must be one of ${allowed.join(', ')}`);
}

function bool(get: Get, name: string): boolean {
  const raw = get(name).toLowerCase();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw inputError(name, 'must be true or false');
}

function whole(get: Get, name: string, min: number, max: number): number | undefined {
  const raw = get(name);
  if (raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw inputError(name, `must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

function list(raw: string): string[] {
  return raw
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function optional(get: Get, name: string): string | undefined {
  const raw = get(name);
  return raw === '' ? undefined : raw;
}

function emergencyOf(get: Get, secrets: readonly string[]): { reason: string } | undefined {
  const reason = get('reason');
  if (!bool(get, 'emergency')) return undefined;
  if (reason === '')
    throw inputError('reason', 'is required when emergency is true (it is recorded in the audit trail)');
  if (secrets.length === 0) throw inputError('secret', 'an emergency rotation names the secrets it rotates');
  return { reason };
}

function shardOf(get: Get): { index: number; count: number } | undefined {
  const index = whole(get, 'shard', 0, 255);
  if (index === undefined) return undefined;
  const count = whole(get, 'shards', 1, 256);
  if (count === undefined || index >= count) throw inputError('shard', 'needs "shards" greater than the shard index');
  return { index, count };
}

function nowOf(get: Get): Date | undefined {
  const raw = optional(get, 'now');
  if (raw === undefined) return undefined;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw inputError('now', 'must be an ISO-8601 time, e.g. 2026-01-31T00:00:00Z');
  return at;
}

/** Reads and checks every input; the first contradiction throws `ACTION_INPUT`. */
export function readInputs(get: Get): ActionInputs {
  const command = oneOf(get, 'command', ['plan', 'rotate', 'alerts'] as const, 'rotate');
  const secrets = list(get('secret'));
  const emergency = emergencyOf(get, secrets);
  if (emergency && command !== 'rotate') throw inputError('emergency', 'only goes with command "rotate"');
  const shard = command === 'rotate' ? shardOf(get) : undefined;
  const shards = command === 'plan' ? whole(get, 'shards', 1, 256) : undefined;
  const now = nowOf(get);
  const token = optional(get, 'github-token');
  const region = optional(get, 'aws-region');
  const eventsUrl = optional(get, 'events-url');
  const auditLog = optional(get, 'audit-log');
  const outcomes = command === 'alerts' ? optional(get, 'outcomes') : undefined;
  const restartLedger = command === 'rotate' ? optional(get, 'restart-ledger') : undefined;
  return {
    command,
    secrets,
    dryRun: bool(get, 'dry-run'),
    commitMode: oneOf(get, 'commit-mode', ['push', 'pull-request'] as const, 'push'),
    sopsRepo: optional(get, 'sops-repo') ?? '.',
    manifests: list(get('manifests')).length > 0 ? list(get('manifests')) : ['secrets-manifests'],
    ...(emergency ? { emergency } : {}),
    ...(shard ? { shard } : {}),
    ...(shards === undefined ? {} : { shards }),
    ...(now ? { now } : {}),
    ...(token === undefined ? {} : { githubToken: token }),
    ...(region === undefined ? {} : { awsRegion: region }),
    ...(eventsUrl === undefined ? {} : { eventsUrl }),
    ...(auditLog === undefined ? {} : { auditLog }),
    ...(outcomes === undefined ? {} : { outcomes }),
    ...(restartLedger === undefined ? {} : { restartLedger }),
  };
}

/** Why the run happens, from the workflow event (and the emergency input). */
export function triggerOf(eventName: string | undefined, inputs: ActionInputs): RunTrigger {
  if (inputs.emergency) return 'emergency';
  if (eventName === 'schedule') return 'schedule';
  if (eventName === 'workflow_dispatch') return 'dispatch';
  return 'manual';
}
