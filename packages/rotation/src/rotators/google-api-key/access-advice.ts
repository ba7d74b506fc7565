import { terminalSafeJson } from '@docugen-secrets/core';

/** The ErrorInfo of a Google refusal: its reason and metadata, provider text (untrusted). */
export interface GoogleErrorInfo {
  readonly reason: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Project ids, numbers and service names: anything else in an answer is shown escaped and quoted. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

function named(v: unknown, fallback: string): string {
  if (typeof v !== 'string' || v === '') return fallback;
  return NAME.test(v) ? v : terminalSafeJson(JSON.stringify(v.slice(0, 200)));
}

function projectOf(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/^projects\//, '') : v;
}

/**
 * What an operator must do when Google refuses the project or the caller
 * rather than the key, or undefined for any other refusal:
 * - SERVICE_DISABLED: the API (`service`) is not enabled in the project
 *   (`containerInfo`, else `consumer`) — enable it;
 * - USER_PROJECT_DENIED: the caller may not bill the project it named in
 *   X-Goog-User-Project (`consumer`) — grant it serviceusage.services.use
 *   (roles/serviceusage.serviceUsageConsumer) there.
 * Names come from the answer, so they are kept only when they look like ids and
 * are escaped and quoted otherwise; nothing else of the answer is repeated
 * (no URL, no key, no free text).
 */
export function accessAdvice(info: GoogleErrorInfo): string | undefined {
  const { metadata } = info;
  const project = named(projectOf(metadata['containerInfo'] ?? metadata['consumer']), 'the key’s project');
  switch (info.reason) {
    case 'SERVICE_DISABLED':
      return `the API ${named(metadata['service'], 'it calls')} is disabled in project ${project}: enable it there (gcloud services enable ${named(metadata['service'], 'SERVICE')} --project ${project}), wait a few minutes and rerun the rotation`;
    case 'USER_PROJECT_DENIED':
      return `the caller may not use project ${project} (X-Goog-User-Project): grant it the serviceusage.services.use permission there (role roles/serviceusage.serviceUsageConsumer), or stop naming that project, then rerun the rotation`;
    default:
      return undefined;
  }
}

/** The first ErrorInfo of a Google JSON error body (`error.details[]`), if any. */
export function errorInfoOf(body: string): GoogleErrorInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const details = (parsed as { error?: { details?: unknown } } | null)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const d of details as unknown[]) {
    const entry = d as { reason?: unknown; metadata?: unknown } | null;
    if (typeof entry?.reason !== 'string') continue;
    const metadata = typeof entry.metadata === 'object' && entry.metadata !== null ? entry.metadata : {};
    return { reason: entry.reason, metadata: metadata as Record<string, unknown> };
  }
  return undefined;
}
