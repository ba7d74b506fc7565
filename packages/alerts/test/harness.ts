import { createGitHubClient } from '@docugen-secrets/github-client';
import { startGitHubServer, type GitHubServerOptions, type RunningGitHubServer } from '@docugen-secrets/github-server';
import type { SecretManifest } from '@docugen-secrets/manifest';
import type { PlanEntry } from '@docugen-secrets/rotation';
import { MemoryLogger } from '@docugen-secrets/test-support';
import { afterEach, expect } from 'vitest';
import {
  octokitTracker,
  syncAlerts,
  type EventSink,
  type RotationOutcome,
  type SyncReport,
  type DriftFinding,
} from '../src/index.js';

const servers: RunningGitHubServer[] = [];

// Every exchange is validated against GitHub's OpenAPI description.
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]);
  }
});

export interface World {
  readonly server: RunningGitHubServer;
  readonly logger: MemoryLogger;
  sync(
    now: Date,
    plan: readonly PlanEntry[],
    extra?: { outcomes?: RotationOutcome[]; drift?: DriftFinding[]; events?: EventSink[] },
  ): Promise<SyncReport>;
}

/** A validating local GitHub server and a sync through the production client (test-sized waits). */
export async function world(
  manifests: readonly SecretManifest[],
  serverOpts: GitHubServerOptions = {},
): Promise<World> {
  const server = await startGitHubServer({ validate: true, collaborators: ['alice', 'bob'], ...serverOpts });
  servers.push(server);
  const logger = new MemoryLogger();
  const sync: World['sync'] = (now, plan, extra = {}) => {
    const client = createGitHubClient({
      env: { GITHUB_API_URL: server.url, GITHUB_TOKEN: 'local-token' },
      msPerRetrySecond: 5,
      writeSpacingMs: 0,
      notificationSpacingMs: 0,
      logger,
    });
    const tracker = octokitTracker(client, { owner: 'docugen', repo: 'secrets' });
    const input = {
      manifests,
      plan,
      now,
      source: 'docugen/secrets',
      links: { repoWebUrl: 'https://github.com/docugen/secrets' },
      ...(extra.outcomes ? { outcomes: extra.outcomes } : {}),
      ...(extra.drift ? { drift: extra.drift } : {}),
    };
    return syncAlerts(input, { tracker, logger, ...(extra.events ? { events: extra.events } : {}) });
  };
  return { server, logger, sync };
}

/** Open issues per (secret, kind) marker, from the server's state. */
export function openIssues(
  server: RunningGitHubServer,
): { number: number; title: string; labels: string[]; assignees: string[] }[] {
  const repo = server.snapshot().repos[0];
  if (!repo) return [];
  const names = new Map(repo.labels.map((l) => [l.id, l.name]));
  return repo.issues
    .filter((i) => i.state === 'open')
    .map((i) => ({
      number: i.number,
      title: i.title,
      labels: i.labelIds.map((id) => names.get(id) ?? '?'),
      assignees: i.assignees,
    }));
}

/** Comments of an issue, from the server's state. */
export function commentsOf(server: RunningGitHubServer, number: number): string[] {
  const repo = server.snapshot().repos[0];
  return (repo?.comments ?? []).filter((c) => c.issueNumber === number).map((c) => c.body);
}
