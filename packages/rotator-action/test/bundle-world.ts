import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '@docugen-secrets/core';
import type { RunningGitHubServer } from '@docugen-secrets/github-server';
import { valueEncodings } from '@docugen-secrets/runner';
import { startSecretsManagerServer, type RunningSecretsManagerServer } from '@docugen-secrets/secrets-manager-server';
import { decryptText, generateAgeIdentity, parseIdentities, plainValue } from '@docugen-secrets/sops';
import { git, repoWithRemote } from '@docugen-secrets/test-support';
import { expect } from 'vitest';
import type { StepRun } from './bundle-run.js';
import { manifestFiles } from './workspace.js';

export const DAY = 86_400_000;
export const BOT = ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'] as const;

/** One test's estate: a fresh local Secrets Manager, an age key, and the env a workflow step gets. */
export interface BundleWorld {
  readonly server: RunningSecretsManagerServer;
  readonly sm: SecretsManagerClient;
  readonly keyText: string;
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** `clock`: the local Secrets Manager's (it dates versions); default the system clock. */
export async function openWorld(clock?: Clock): Promise<BundleWorld> {
  const server = await startSecretsManagerServer({ region: 'eu-west-1', ...(clock ? { clock } : {}) });
  const sm = new SecretsManagerClient({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'docugen-local', secretAccessKey: 'docugen-local' },
  });
  const keyText = (await generateAgeIdentity()).identity;
  const env = {
    AWS_ACCESS_KEY_ID: 'docugen-local',
    AWS_SECRET_ACCESS_KEY: 'docugen-local',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: server.endpoint,
    SOPS_AGE_KEY: keyText,
  };
  return {
    server,
    sm,
    keyText,
    env,
    close: async () => {
      sm.destroy();
      await server.close();
    },
  };
}

/**
 * A checkout cloned from a fresh bare remote with `files` (default: the
 * action tests' manifests) pushed; git identity as a workflow sets it.
 */
export async function checkout(files: Record<string, string> = manifestFiles()): Promise<{
  work: string;
  remote: string;
}> {
  const repo = repoWithRemote('rotator-bundle-');
  git(repo.work, 'config', 'user.name', BOT[0]);
  git(repo.work, 'config', 'user.email', BOT[1]);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo.work, path)), { recursive: true });
    await writeFile(join(repo.work, path), text);
  }
  git(repo.work, 'add', '-A');
  git(repo.work, 'commit', '-q', '-m', 'manifests');
  git(repo.work, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
  return repo;
}

/** Every value Secrets Manager holds for `name` (current and previous). */
export async function awsValues(world: BundleWorld, name: string): Promise<string[]> {
  const values: string[] = [];
  for (const stage of ['AWSCURRENT', 'AWSPREVIOUS']) {
    const got = await world.sm
      .send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage }))
      .catch(() => undefined);
    if (got?.SecretString !== undefined) values.push(got.SecretString);
  }
  return values;
}

/** Every version value of a SOPS file of the checkout (absent file: none). */
export async function sopsValues(world: BundleWorld, path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const identities = await parseIdentities(world.keyText, 'key');
  const doc = plainValue(await decryptText(text, { format: 'yaml', identities })) as { versions: { value?: string }[] };
  return doc.versions.flatMap((v) => (typeof v.value === 'string' ? [v.value] : []));
}

/** Every text of the local GitHub server a value could reach: titles, bodies and comments of issues and pull requests. */
export function githubTexts(github: RunningGitHubServer): string {
  return github
    .snapshot()
    .repos.flatMap((r) => [
      ...r.issues.flatMap((i) => [i.title, i.body ?? '']),
      ...r.comments.map((c) => c.body),
      ...(r.dispatches ?? []).map((d) => JSON.stringify(d)),
    ])
    .join('\n');
}

/** Where else a run could have written a value, besides its own streams and files. */
export interface CanaryPlaces {
  /** The bare remote: every ref's history, commit messages and patches. */
  readonly remote: string;
  readonly github?: RunningGitHubServer;
  /** The audit trail (default: the run's RUNNER_TEMP one). */
  readonly audit?: string;
}

/**
 * The canary check: each value and each encoding it could be printed in is
 * masked (`::add-mask::`) on a line before any other line that mentions it —
 * and no other line of stdout, nor stderr, the job summary, GITHUB_OUTPUT,
 * the report, the audit trail, the remote's history (commit messages and
 * patches of every ref) or any issue, pull request, comment or dispatch of
 * the local GitHub server mentions it at all.
 */
export async function expectNeverPrinted(values: readonly string[], run: StepRun, at: CanaryPlaces): Promise<void> {
  const lines = run.stdout.split('\n');
  const report = await readFile(run.outputs['report'] ?? '', 'utf8');
  const audit = await readFile(at.audit ?? join(run.runnerTemp, 'docugen-secrets', 'audit.jsonl'), 'utf8');
  const places = {
    stderr: run.stderr,
    summary: run.summary,
    GITHUB_OUTPUT: run.outputFile,
    report,
    audit,
    history: git(at.remote, 'log', '-p', '--all', '--format=%H %an <%ae>%n%B'),
    github: at.github === undefined ? '' : githubTexts(at.github),
  };
  expect(values.length, 'values to search for').toBeGreaterThan(0);
  for (const value of values) {
    const first = lines.findIndex((l) => l.includes(value));
    expect(first, 'the value was masked').toBeGreaterThanOrEqual(0);
    expect(lines[first]).toBe(`::add-mask::${value}`);
    for (const form of valueEncodings({ kind: 'string', value })) {
      expect(lines.filter((l) => l.includes(form) && !l.startsWith('::add-mask::'))).toEqual([]);
      for (const [where, text] of Object.entries(places))
        expect(text.includes(form), `${where} mentions a secret value`).toBe(false);
    }
  }
}
