import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AlertsInput, AlertsPort } from '@docugen-secrets/runner';
import { inputError } from './errors.js';

type Result = AlertsInput['results'][number];

const KINDS = new Set([
  'created',
  'rotated',
  'retired',
  'waiting',
  'not-due',
  'blocked',
  'skipped',
  'failed',
  'error',
  'dry-run',
]);

async function reportFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: unknown) => {
    // No folder: no rotate job ran (nothing was due), so there is nothing to read.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw inputError('outcomes', `${dir} is not a readable folder (the downloaded shard reports)`);
  });
  return entries
    .filter((e) => e.isFile() && /^report-rotate.*\.json$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function isResult(r: unknown): r is Result {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  return (
    typeof x['secretId'] === 'string' &&
    typeof x['kind'] === 'string' &&
    KINDS.has(x['kind']) &&
    typeof x['reason'] === 'string' &&
    Array.isArray(x['steps']) &&
    typeof x['emergency'] === 'boolean'
  );
}

/**
 * The rotation results of every shard, from the `report` files the rotate
 * jobs uploaded (`report-rotate*.json` anywhere under `dir`). A file that is
 * not such a report is an input error naming it (never its content).
 */
export async function readShardResults(dir: string, cwd: string): Promise<Result[]> {
  const results: Result[] = [];
  for (const file of await reportFiles(dir)) {
    const where = relative(cwd, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      throw inputError('outcomes', `${where} is not JSON`);
    }
    const list = (parsed as { results?: unknown }).results;
    if (!Array.isArray(list) || !list.every(isResult))
      throw inputError('outcomes', `${where} is not a rotator report (version 1 with "results")`);
    results.push(...list);
  }
  return results;
}

/** The alerts port told the shards' results too: a failed rotation in any shard opens its issue. */
export function withShardResults(port: AlertsPort, shards: readonly Result[]): AlertsPort {
  return { sync: (input) => port.sync({ ...input, results: [...input.results, ...shards] }) };
}
