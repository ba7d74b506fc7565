import { alertsError } from './errors.js';
import type { DriftFinding, RotationOutcome } from './types.js';

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function listIn(json: unknown, key: string, what: string): unknown[] {
  if (Array.isArray(json)) return json;
  if (isRec(json) && Array.isArray(json[key])) return json[key] as unknown[];
  throw alertsError('ALERTS_INPUT', `${what}: expected a JSON array or an object with "${key}": [...]`, { what });
}

function str(r: Rec, key: string, where: string, problems: string[]): string | undefined {
  const v = r[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  problems.push(`${where}.${key}: expected a string`);
  return undefined;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw alertsError('ALERTS_INPUT', `${what}: not valid JSON`, { what });
  }
}

function finish<T>(items: T[], problems: readonly string[], what: string): T[] {
  if (problems.length > 0)
    throw alertsError('ALERTS_INPUT', `${what}: ${problems.slice(0, 10).join('; ')}`, {
      what,
      problems: problems.length,
    });
  return items;
}

/** Reads a rotation outcomes file (`rotate --json` output's `outcomes`, or a bare array); every problem at once. */
export function parseOutcomes(text: string, what = 'outcomes file'): RotationOutcome[] {
  const problems: string[] = [];
  const items = listIn(parseJson(text, what), 'outcomes', what).flatMap((raw, i): RotationOutcome[] => {
    const where = `[${i}]`;
    if (!isRec(raw)) return (problems.push(`${where}: expected an object`), []);
    const secretId = str(raw, 'secretId', where, problems);
    const result = str(raw, 'result', where, problems);
    const at = str(raw, 'at', where, problems);
    if (secretId === undefined || result === undefined || at === undefined || Number.isNaN(Date.parse(at))) {
      problems.push(`${where}: needs secretId, result and an ISO-8601 "at"`);
      return [];
    }
    const attempt = raw['attempt'];
    const opt = (k: string): Rec => {
      const v = str(raw, k, where, problems);
      return v === undefined ? {} : { [k]: v };
    };
    return [
      {
        secretId,
        result,
        at,
        ...opt('failedStep'),
        ...opt('errorCode'),
        ...opt('message'),
        ...opt('runUrl'),
        ...(typeof attempt === 'number' && Number.isInteger(attempt) ? { attempt } : {}),
      },
    ];
  });
  return finish(items, problems, what);
}

/** Reads a drift findings file (`{ "findings": [...] }` or a bare array); every problem at once. */
export function parseDrift(text: string, what = 'drift file'): DriftFinding[] {
  const problems: string[] = [];
  const items = listIn(parseJson(text, what), 'findings', what).flatMap((raw, i): DriftFinding[] => {
    const where = `[${i}]`;
    if (!isRec(raw)) return (problems.push(`${where}: expected an object`), []);
    const secretId = str(raw, 'secretId', where, problems);
    const code = str(raw, 'code', where, problems);
    const message = str(raw, 'message', where, problems) ?? '';
    const since = str(raw, 'since', where, problems);
    if (secretId === undefined || code === undefined) return (problems.push(`${where}: needs secretId and code`), []);
    if (since !== undefined && Number.isNaN(Date.parse(since)))
      return (problems.push(`${where}.since: not an ISO-8601 date`), []);
    return [{ secretId, code, message, ...(since === undefined ? {} : { since }) }];
  });
  return finish(items, problems, what);
}
