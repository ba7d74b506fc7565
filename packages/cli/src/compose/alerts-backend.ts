import type { EventSink, IssueTracker, RenderLinks } from '@docugen-secrets/alerts';
import type { Logger } from '@docugen-secrets/core';
import type { CommandContext } from '../command.js';
import { usageError } from '../usage.js';

/** Env vars holding the incident credentials (never flags: flags end up in shell history and process lists). */
export const PAGERDUTY_KEY_ENV = 'PAGERDUTY_ROUTING_KEY';
export const WEBHOOK_SECRET_ENV = 'ALERTS_WEBHOOK_SECRET';

export interface AlertFlags {
  readonly repo?: string | undefined;
  readonly apiUrl?: string | undefined;
  /** PagerDuty Events v2 endpoint (or compatible). */
  readonly eventsUrl?: string | undefined;
  /** Generic signed webhook. */
  readonly webhookUrl?: string | undefined;
  /** Test-sized waits and no write spacing (the embedded local server). */
  readonly local?: boolean;
  readonly logger?: Logger;
}

export interface AlertPorts {
  readonly tracker: IssueTracker;
  readonly events: EventSink[];
  /** `owner/name`: event source and dedup keys. */
  readonly source: string;
  readonly links: RenderLinks;
}

function repoOf(ctx: CommandContext, flag: string | undefined): { owner: string; repo: string; slug: string } {
  const slug = flag ?? ctx.env['GITHUB_REPOSITORY'];
  const m = slug === undefined ? null : /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(slug);
  if (!m?.[1] || !m[2]) throw usageError('alerts need a repository: --repo OWNER/NAME or GITHUB_REPOSITORY');
  return { owner: m[1], repo: m[2], slug: `${m[1]}/${m[2]}` };
}

function secretFrom(ctx: CommandContext, name: string, flag: string): string {
  const v = ctx.env[name];
  if (v === undefined || v === '') throw usageError(`${flag} needs ${name} in the environment`);
  return v;
}

async function eventSinks(ctx: CommandContext, flags: AlertFlags): Promise<EventSink[]> {
  const { pagerDutySink, webhookSink } = await import('@docugen-secrets/alerts');
  const sinks: EventSink[] = [];
  if (flags.eventsUrl !== undefined)
    sinks.push(
      pagerDutySink({ url: flags.eventsUrl, routingKey: secretFrom(ctx, PAGERDUTY_KEY_ENV, '--events-url'), fetch }),
    );
  if (flags.webhookUrl !== undefined)
    sinks.push(
      webhookSink({
        url: flags.webhookUrl,
        secret: secretFrom(ctx, WEBHOOK_SECRET_ENV, '--webhook-url'),
        clock: ctx.clock,
        fetch,
      }),
    );
  return sinks;
}

/**
 * The composition root of alerting: the GitHub tracker on the project's
 * Octokit (GITHUB_API_URL / GITHUB_TOKEN from the command's env, or
 * `--api-url`), and the incident sinks asked for. Secrets come from the env only.
 */
export async function openAlertPorts(ctx: CommandContext, flags: AlertFlags): Promise<AlertPorts> {
  const { createGitHubClient } = await import('@docugen-secrets/github-client');
  const { octokitTracker } = await import('@docugen-secrets/alerts');
  const { owner, repo, slug } = repoOf(ctx, flags.repo);
  const client = createGitHubClient({
    env: ctx.env,
    ...(flags.apiUrl === undefined ? {} : { apiUrl: flags.apiUrl }),
    ...(flags.local === true ? { msPerRetrySecond: 10, writeSpacingMs: 0, notificationSpacingMs: 0 } : {}),
    ...(flags.logger ? { logger: flags.logger } : {}),
  });
  const web = (ctx.env['GITHUB_SERVER_URL'] ?? 'https://github.com').replace(/\/+$/, '');
  return {
    tracker: octokitTracker(client, { owner, repo }),
    events: await eventSinks(ctx, flags),
    source: slug,
    links: { repoWebUrl: `${web}/${slug}`, ref: ctx.env['GITHUB_REF_NAME'] ?? 'main' },
  };
}
