import type { Actor } from './event.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Who is acting, from an environment read by the entrypoint (libraries never
 * read `process.env`). In GitHub Actions: the triggering actor, run id and
 * attempt, repository and workflow ref; the OIDC role when the entrypoint
 * knows it (`DOCUGEN_AWS_ROLE_ARN`, or `AWS_ROLE_ARN` as set for web-identity
 * credentials). Elsewhere: the local user name.
 */
export function actorFromEnv(env: Env): Actor {
  const roleArn = nonEmpty(env['DOCUGEN_AWS_ROLE_ARN']) ?? nonEmpty(env['AWS_ROLE_ARN']);
  const runId = nonEmpty(env['GITHUB_RUN_ID']);
  if (env['GITHUB_ACTIONS'] === 'true' && runId !== undefined) {
    return {
      kind: 'github-actions',
      actor: nonEmpty(env['GITHUB_TRIGGERING_ACTOR']) ?? nonEmpty(env['GITHUB_ACTOR']) ?? 'unknown',
      runId,
      ...opt('runAttempt', nonEmpty(env['GITHUB_RUN_ATTEMPT'])),
      ...opt('repository', nonEmpty(env['GITHUB_REPOSITORY'])),
      ...opt('workflowRef', nonEmpty(env['GITHUB_WORKFLOW_REF'])),
      ...opt('roleArn', roleArn),
    };
  }
  const user = nonEmpty(env['USER']) ?? nonEmpty(env['USERNAME']) ?? nonEmpty(env['LOGNAME']) ?? 'unknown';
  return { kind: 'local', user, ...opt('host', nonEmpty(env['HOSTNAME'])), ...opt('roleArn', roleArn) };
}

/** A one-line description for messages and commit trailers. */
export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'github-actions':
      return `${actor.actor} (GitHub Actions run ${actor.runId}${actor.runAttempt ? `/${actor.runAttempt}` : ''})`;
    case 'local':
      return `${actor.user} (local)`;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function opt<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}
