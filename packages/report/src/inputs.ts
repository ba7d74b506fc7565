import { DocugenError } from '@docugen-secrets/core';
import type { AlertKind, GitChange, OpenAlert } from './types.js';

/** REPORT_ALERTS_INVALID: the alerts file is not the documented JSON. */
export type ReportErrorCode = 'REPORT_ALERTS_INVALID';

const KINDS: ReadonlySet<string> = new Set<AlertKind>([
  'expiring',
  'overdue',
  'expired',
  'rotation-failed',
  'manual-rotation-needed',
  'drift',
]);

/**
 * Reads an alerts file: `{"alerts":[{"secretId","kind","id"?,"url"?,"since"?}]}`
 * or a bare array of the same objects. Collects every problem with its index
 * and throws them together; text from the file is never echoed (it is
 * untrusted), only positions and field names.
 */
export function parseAlerts(text: string, file: string): OpenAlert[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DocugenError<ReportErrorCode>(
      'REPORT_ALERTS_INVALID',
      `${file}: not JSON; expected {"alerts":[{"secretId":…,"kind":…}]}`,
      { cause: err, details: { file } },
    );
  }
  const list = Array.isArray(data)
    ? data
    : isObject(data) && Array.isArray(data['alerts'])
      ? data['alerts']
      : undefined;
  if (list === undefined)
    throw new DocugenError<ReportErrorCode>(
      'REPORT_ALERTS_INVALID',
      `${file}: expected {"alerts":[…]} or an array of alerts`,
      { details: { file } },
    );
  const problems: string[] = [];
  const alerts = list.flatMap((item: unknown, i) => {
    const a = alertOf(item);
    if (typeof a === 'string') problems.push(`alerts[${i}]: ${a}`);
    return typeof a === 'string' ? [] : [a];
  });
  if (problems.length > 0)
    throw new DocugenError<ReportErrorCode>('REPORT_ALERTS_INVALID', `${file}: ${problems.slice(0, 20).join('; ')}`, {
      details: { file, problems: problems.length },
    });
  return alerts;
}

function alertOf(item: unknown): OpenAlert | string {
  if (!isObject(item)) return 'must be an object';
  const { secretId, kind, id, url, since } = item;
  if (typeof secretId !== 'string' || !/^[a-z0-9][a-z0-9-]{0,99}$/.test(secretId))
    return '"secretId" must be a manifest id';
  if (typeof kind !== 'string' || !KINDS.has(kind)) return `"kind" must be one of ${[...KINDS].join(', ')}`;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') return '"id" must be a string or number';
  if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\//.test(url)))
    return '"url" must be an http(s) URL';
  const sinceAt = typeof since === 'string' ? new Date(since) : undefined;
  if (since !== undefined && (sinceAt === undefined || Number.isNaN(sinceAt.getTime())))
    return '"since" must be an ISO-8601 time';
  return {
    secretId,
    kind: kind as AlertKind,
    ...(id === undefined ? {} : { id: String(id) }),
    ...(typeof url === 'string' ? { url } : {}),
    ...(sinceAt ? { since: sinceAt } : {}),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `git log` format `parseGitLog` reads: record separator, then commit, author date, author name and the Secret trailer, unit-separated; `--name-only` lists the paths. */
export const GIT_LOG_FORMAT = '%x1e%H%x1f%aI%x1f%an%x1f%(trailers:key=Secret,valueonly,separator=%x2C)';

/** Parses `git log --format=GIT_LOG_FORMAT --name-only` output; malformed records are skipped. */
export function parseGitLog(text: string): GitChange[] {
  return text.split('\x1e').flatMap((chunk) => {
    const [header = '', ...rest] = chunk.split('\n');
    const [commit, date, author, trailer] = header.split('\x1f');
    const at = new Date(date ?? '');
    if (commit === undefined || !/^[0-9a-f]{7,64}$/.test(commit) || Number.isNaN(at.getTime())) return [];
    const secret = (trailer ?? '').trim();
    return [
      {
        commit,
        at,
        author: author ?? '',
        paths: rest.map((p) => p.trim()).filter((p) => p !== ''),
        ...(secret === '' ? {} : { secretTrailer: secret }),
      },
    ];
  });
}
