import type { RunConfig } from './config.js';
import type { ChangedSecret } from './ports.js';

function changeLine(c: ChangedSecret): string {
  const version =
    c.kind === 'retired'
      ? `retired ${c.retiredVersionId ?? '?'}`
      : c.versionId === undefined
        ? 'in progress'
        : `version ${c.versionId}`;
  return `- ${c.secretId}: ${c.kind}, ${version}${c.fingerprint ? `, ${c.fingerprint}` : ''} (${c.path})`;
}

function trailer(config: Pick<RunConfig, 'trigger' | 'runUrl' | 'emergency'>): string[] {
  return [
    `Trigger: ${config.trigger}`,
    ...(config.emergency ? [`Emergency-Reason: ${oneLine(config.emergency.reason)}`] : []),
    ...(config.runUrl ? [`Run: ${config.runUrl}`] : []),
  ];
}

/** Reasons are typed by people: keep them on one line so they cannot forge trailers. */
function oneLine(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, 300);
}

/**
 * The value-free commit message of a run's SOPS updates: secret ids, version
 * ids, fingerprints, trigger and run URL. Never a value: the caller only has
 * ids and fingerprints to give.
 */
export function commitMessage(
  changes: readonly ChangedSecret[],
  config: Pick<RunConfig, 'trigger' | 'runUrl' | 'emergency'>,
): string {
  const ids = changes.map((c) => c.secretId);
  const subject = `docugen-secrets: rotate ${ids.length === 1 ? (ids[0] ?? '') : `${ids.length} secrets`}`;
  return [subject, '', ...changes.map(changeLine), '', ...trailer(config), ''].join('\n');
}

/** The rotation pull request's body (Markdown, value-free). */
export function pullRequestBody(
  changes: readonly ChangedSecret[],
  config: Pick<RunConfig, 'trigger' | 'runUrl' | 'emergency'>,
): string {
  const rows = changes.map(
    (c) =>
      `| \`${c.secretId}\` | ${c.kind} | \`${c.kind === 'retired' ? (c.retiredVersionId ?? '') : (c.versionId ?? '')}\` | \`${c.path}\` |`,
  );
  return [
    'Automated secret rotation by docugen-secrets. Only SOPS-encrypted files change; no value appears here.',
    '',
    '| secret | change | version | file |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...trailer(config).map((l) => `${l}  `),
    '',
  ].join('\n');
}
