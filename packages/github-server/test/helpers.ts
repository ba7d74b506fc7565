import { Octokit } from '@octokit/rest';
import { afterEach, expect } from 'vitest';
import { startGitHubServer, type GitHubServerOptions, type RunningGitHubServer } from '../src/index.js';

/** A validating server and a plain Octokit (no retry, no throttling) pointed at it. */
export interface Harness {
  readonly server: RunningGitHubServer;
  readonly octokit: Octokit;
}

const open: { server: RunningGitHubServer; expectClean: boolean }[] = [];

// Every exchange of every test is checked against GitHub's OpenAPI description;
// a test that provokes a mismatch on purpose says so with `allowViolations`.
afterEach(async () => {
  for (const { server, expectClean } of open.splice(0)) {
    await server.close();
    if (expectClean) expect(server.violations()).toEqual([]);
  }
});

export const REPO = { owner: 'docugen', repo: 'secrets' } as const;

export async function startHarness(opts: GitHubServerOptions = {}, allowViolations = false): Promise<Harness> {
  const server = await startGitHubServer({ validate: true, collaborators: ['alice', 'bob'], ...opts });
  open.push({ server, expectClean: !allowViolations });
  const octokit = new Octokit({
    baseUrl: server.url,
    auth: 'local-test-token',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return { server, octokit };
}

/** The rejection of a promise (fails the test if it resolves). */
export async function rejectionOf(
  p: Promise<unknown>,
): Promise<Error & { status?: number; response?: { data: unknown; headers: Record<string, string> } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
