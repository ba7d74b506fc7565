import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly permissions: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress': boolean };
  readonly strategy?: { matrix: unknown; 'fail-fast'?: boolean };
  readonly outputs?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: { schedule?: { cron: string }[]; workflow_dispatch?: { inputs: Record<string, { type: string }> } };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const text = readFileSync(join(root, '.github/workflows/rotate.yml'), 'utf8');
const wf = parse(text) as Workflow;
const job = (name: string): Job => {
  const j = wf.jobs[name];
  if (!j) throw new Error(`no job ${name}`);
  return j;
};
const ACTION = './packages/rotator-action';

describe('the rotate workflow', () => {
  it('runs daily and on dispatch with secret, emergency, reason and dry-run', () => {
    expect(wf.on.schedule?.[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    const inputs = wf.on.workflow_dispatch?.inputs ?? {};
    expect(Object.keys(inputs).sort()).toEqual(['dry-run', 'emergency', 'reason', 'secret']);
    expect(inputs['emergency']?.type).toBe('boolean');
    expect(inputs['dry-run']?.type).toBe('boolean');
  });

  it('plan → rotate (a matrix of shards, one run per shard at a time) → alerts (always, from every shard)', () => {
    expect(Object.keys(wf.jobs)).toEqual(['plan', 'rotate', 'alerts']);
    expect(job('plan').outputs?.['matrix']).toBe('${{ steps.plan.outputs.matrix }}');
    const plan = job('plan').steps.find((s) => s.uses === ACTION);
    expect(plan?.with?.['command']).toBe('plan');
    expect(plan?.with?.['shards']).toBeDefined();
    const rotate = job('rotate');
    expect(rotate.needs).toBe('plan');
    expect(rotate.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(rotate.concurrency).toEqual({ group: 'rotate-${{ matrix.shard }}', 'cancel-in-progress': false });
    const step = rotate.steps.find((s) => s.uses === ACTION);
    expect(step?.with).toMatchObject({ command: 'rotate', secret: '${{ matrix.secrets }}' });
    expect(step?.with?.['emergency']).toContain('inputs.emergency');
    expect(step?.with?.['reason']).toBe('${{ inputs.reason }}');
    expect(step?.with?.['dry-run']).toContain('inputs.dry-run');
    const upload = rotate.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.['name']).toBe('rotate-outcome-${{ matrix.shard }}');
    const alerts = job('alerts');
    expect(alerts.if).toBe('always()');
    expect(alerts.needs).toEqual(['plan', 'rotate']);
    const download = alerts.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with?.['pattern']).toBe('rotate-outcome-*');
    const sync = alerts.steps.find((s) => s.uses === ACTION);
    expect(sync?.with).toMatchObject({ command: 'alerts', outcomes: download?.with?.['path'] });
  });

  it("keeps each shard's restart ledger between runs in the Actions cache: restored before the rotation, saved after it", () => {
    const steps = job('rotate').steps;
    const at = (prefix: string): number => steps.findIndex((s) => s.uses?.startsWith(prefix));
    const restore = steps[at('actions/cache/restore@')];
    const save = steps[at('actions/cache/save@')];
    const rotate = steps.find((s) => s.uses === ACTION);
    expect(at('actions/cache/restore@')).toBeLessThan(steps.indexOf(rotate as Step));
    expect(at('actions/cache/save@')).toBeGreaterThan(steps.indexOf(rotate as Step));
    // A new key per run (caches are immutable) whose shard prefix restores the newest; never another shard's.
    const key = 'docugen-restart-ledger-${{ matrix.shard }}-${{ github.run_id }}-${{ github.run_attempt }}';
    expect(restore?.with).toMatchObject({ key, 'restore-keys': 'docugen-restart-ledger-${{ matrix.shard }}-' });
    expect(save?.with?.['key']).toBe(key);
    expect(save?.with?.['path']).toBe(restore?.with?.['path']);
    expect(rotate?.with?.['restart-ledger']).toBe(`${String(restore?.with?.['path'])}/restarts.json`);
    // Saved even when a rotation failed (a sent restart must be remembered), whenever the rotation ran.
    expect(save?.if).toBe("always() && steps.rotate.outcome != 'skipped'");
    expect(rotate).toMatchObject({ id: 'rotate' });
    // The restarts' credentials are secrets of the rotate step only.
    expect(rotate?.env).toMatchObject({
      DOCUGEN_DEPLOY_GITHUB_TOKEN: '${{ secrets.DOCUGEN_DEPLOY_GITHUB_TOKEN }}',
      DOCUGEN_RESTART_WEBHOOK_SECRET: '${{ secrets.DOCUGEN_RESTART_WEBHOOK_SECRET }}',
    });
    for (const name of ['plan', 'alerts'])
      expect(JSON.stringify(job(name).steps)).not.toMatch(/DOCUGEN_(DEPLOY_GITHUB_TOKEN|RESTART_WEBHOOK_SECRET)/);
  });

  it('an emergency without a reason stops in plan, before anything rotates', () => {
    const guard = job('plan').steps[0];
    expect(guard?.if).toBe("inputs.emergency && inputs.reason == ''");
    expect(guard?.run).toContain('exit 1');
  });

  it('grants each job only what it needs', () => {
    expect(wf.permissions).toEqual({});
    expect(job('plan').permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(job('rotate').permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      'id-token': 'write',
    });
    expect(job('alerts').permissions).toEqual({ contents: 'read', issues: 'write', 'id-token': 'write' });
  });

  it('pins third-party actions by full SHA with the version in a comment; no credentials kept where nothing is pushed', () => {
    const lines = text.split('\n').filter((l) => /^\s*(-\s*)?uses:/.test(l));
    const thirdParty = lines.filter((l) => !l.includes(ACTION));
    expect(thirdParty.length).toBeGreaterThanOrEqual(8);
    for (const l of thirdParty) expect(l).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    for (const [name, j] of Object.entries(wf.jobs)) {
      const checkout = j.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with?.['persist-credentials'], name).toBe(name === 'rotate');
    }
  });

  it('never expands an expression inside a shell script (no script injection from inputs)', () => {
    for (const j of Object.values(wf.jobs)) for (const s of j.steps) expect(s.run ?? '').not.toMatch(/\$\{\{/);
  });
});
