import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

interface Workflow {
  on: { pull_request: { paths: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; run?: string }[] }>;
}

const text = readFileSync(`${repoRoot}/.github/workflows/policy-check.yml`, 'utf8');
const wf = parse(text) as Workflow;

describe('policy-check workflow', () => {
  it('pins every action by commit SHA', () => {
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses])));
    expect(uses.length).toBeGreaterThan(2);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('asks only for what it needs', () => {
    expect(wf.permissions).toEqual({});
    expect(Object.values(wf.jobs).map((j) => j.permissions)).toEqual([
      { contents: 'read', 'security-events': 'write' },
    ]);
  });

  it('runs on pull requests touching manifests or policies, and runs check and scan with SARIF and a summary', () => {
    expect(wf.on.pull_request.paths).toEqual(
      expect.arrayContaining(['secrets-manifests/**', 'policies/**', '.github/CODEOWNERS']),
    );
    const runs = Object.values(wf.jobs)
      .flatMap((j) => j.steps.map((s) => s.run ?? ''))
      .join('\n');
    expect(runs).toContain(
      'docugen-secrets check secrets-manifests --format github --sarif policy-check.sarif --summary "$GITHUB_STEP_SUMMARY"',
    );
    expect(runs).toContain(
      'docugen-secrets scan --diff "$BASE_SHA" --format github --sarif leak-scan.sarif --summary "$GITHUB_STEP_SUMMARY"',
    );
    expect(text).not.toMatch(/run:.*\$\{\{/);
  });
});
