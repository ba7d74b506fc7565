import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
}

const text = readFileSync(join(repoRoot, '.github/workflows/smoke.yml'), 'utf8');
const wf = parse(text) as Workflow;
const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

describe('smoke workflow', () => {
  it('runs on a schedule and on demand', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('pins every action by full commit SHA with its version, and asks only for what it needs', () => {
    const uses = steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
    expect(uses.length).toBe(3);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    for (const line of text.split('\n').filter((l) => l.includes('uses:'))) expect(line).toMatch(/ # v\d+\.\d+\.\d+$/);
    expect(wf.permissions).toEqual({});
    expect(Object.values(wf.jobs).map((j) => j.permissions)).toEqual([
      { contents: 'read', 'id-token': 'write', issues: 'write' },
    ]);
    expect(text).not.toMatch(/run:.*\$\{\{/);
  });

  it('runs the staging smoke test into the job summary and syncs the canary outcome to alerts even after a failure', () => {
    const smoke = steps.find((s) => s.run?.includes('docugen-secrets smoke'));
    expect(smoke?.run).toContain('--env staging');
    expect(smoke?.run).toContain('--summary "$GITHUB_STEP_SUMMARY"');
    expect(smoke?.run).toContain('--outcomes smoke-outcomes.json');
    const alerts = steps.find((s) => s.run?.includes('docugen-secrets alerts sync'));
    expect(alerts?.if).toContain('always()');
    expect(alerts?.run).toContain('--outcomes smoke-outcomes.json');
    expect(alerts?.env?.['GITHUB_TOKEN']).toBe('${{ github.token }}');
    expect(steps.indexOf(alerts ?? {})).toBeGreaterThan(steps.indexOf(smoke ?? {}));
  });
});
