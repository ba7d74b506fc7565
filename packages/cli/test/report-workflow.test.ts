import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
}

const text = readFileSync(join(repoRoot, '.github/workflows/report.yml'), 'utf8');
const wf = parse(text) as Workflow;
const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

describe('compliance-report workflow', () => {
  it('runs on a schedule and on demand', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('pins every action by commit SHA and asks only for what it needs', () => {
    const uses = steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
    expect(uses.length).toBeGreaterThanOrEqual(4);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    expect(wf.permissions).toEqual({});
    expect(Object.values(wf.jobs).map((j) => j.permissions)).toEqual([{ contents: 'read', 'id-token': 'write' }]);
    expect(text).not.toMatch(/run:.*\$\{\{/);
  });

  it('writes the HTML and CSV, the markdown to the job summary, and uploads the report as an artifact even after findings', () => {
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain(
      'docugen-secrets report --sops-repo . --audit-log "$AUDIT_LOG" --format html --output compliance-report/compliance-report.html',
    );
    expect(runs).toContain('--format csv --output compliance-report/compliance-report.csv');
    expect(runs).toContain('--format markdown >> "$GITHUB_STEP_SUMMARY"');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toContain('always()');
    expect(upload?.with?.['path']).toBe('compliance-report/');
  });
});
