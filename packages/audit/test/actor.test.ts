import { describe, expect, it } from 'vitest';
import { actorFromEnv, describeActor } from '../src/index.js';

describe('actorFromEnv', () => {
  it('reads the Actions run and the OIDC role', () => {
    const actor = actorFromEnv({
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: 'octocat',
      GITHUB_RUN_ID: '123',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_REPOSITORY: 'docugen/app',
      GITHUB_WORKFLOW_REF: 'docugen/app/.github/workflows/rotate.yml@refs/heads/main',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/rotator',
    });
    expect(actor).toEqual({
      kind: 'github-actions',
      actor: 'octocat',
      runId: '123',
      runAttempt: '2',
      repository: 'docugen/app',
      workflowRef: 'docugen/app/.github/workflows/rotate.yml@refs/heads/main',
      roleArn: 'arn:aws:iam::123456789012:role/rotator',
    });
    expect(describeActor(actor)).toBe('octocat (GitHub Actions run 123/2)');
  });

  it('falls back to the local user', () => {
    expect(actorFromEnv({ USER: 'ada', GITHUB_ACTOR: '' })).toEqual({ kind: 'local', user: 'ada' });
    expect(actorFromEnv({})).toEqual({ kind: 'local', user: 'unknown' });
  });
});
