import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FixedClock, RecordingActionsCore } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import { runAction } from '../src/index.js';
import { actionProcess, SECRETS, workspace } from './workspace.js';

const T0 = '2026-11-29T12:00:00Z';
const DAY = 86_400_000;

/** Every masked string must be absent from everything the run wrote; masks come before any output. */
function expectMasked(core: RecordingActionsCore, elsewhere: string[]): void {
  const masks = core.calls.filter((c) => c.kind === 'secret').map((c) => c.text);
  expect(masks.length).toBeGreaterThan(0);
  const text = [core.printed(), ...elsewhere].join('\n');
  for (const m of masks) expect(text).not.toContain(m);
}

describe('the rotator action, in process on the local default', () => {
  it('creates, then rotates a SOPS and a Secrets Manager secret; outputs, summary and masks', async () => {
    const ws = workspace();
    const first = new RecordingActionsCore({ command: 'rotate', 'github-token': 'ghs_test-token-value' });
    const proc = await actionProcess(ws.dir, {}, new FixedClock(T0));
    await runAction(first, proc);
    expect(first.calls.filter((c) => c.kind === 'failed')).toEqual([]);
    expect(first.output('rotated')?.split(',').sort()).toEqual([SECRETS.aws, SECRETS.sops].sort());
    expect(first.calls[0]).toEqual({ kind: 'secret', text: 'ghs_test-token-value' });

    const later = new Date(Date.parse(T0) + 61 * DAY).toISOString();
    const second = new RecordingActionsCore({ command: 'rotate', now: later });
    await runAction(second, proc);
    expect(second.output('failed')).toBe('');
    expect(second.output('rotated')?.split(',').sort()).toEqual([SECRETS.aws, SECRETS.sops].sort());
    const summary = second.calls.find((c) => c.kind === 'summary')?.text ?? '';
    expect(summary).toContain('## docugen-secrets rotate (schedule)');
    expect(summary).toMatch(new RegExp(`\\| ${SECRETS.sops.replace(/-/g, '\\-')} \\| rotated \\|`));
    const reportPath = second.output('report') ?? '';
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as { results: { secretId: string }[] };
    expect(report.results.map((r) => r.secretId).sort()).toEqual([SECRETS.aws, SECRETS.sops].sort());
    const audit = await readFile(join(proc.env['RUNNER_TEMP'] ?? '', 'docugen-secrets', 'audit.jsonl'), 'utf8');
    const log = ws.git('log', '-p', '--all');
    expectMasked(second, [proc.printed(), await readFile(reportPath, 'utf8'), audit, log]);
  });

  it('an emergency dispatch rotates with the emergency overlap and records the reason', async () => {
    const ws = workspace();
    const proc = await actionProcess(ws.dir, { GITHUB_EVENT_NAME: 'workflow_dispatch' }, new FixedClock(T0));
    await runAction(new RecordingActionsCore({ command: 'rotate' }), proc);
    const core = new RecordingActionsCore({
      command: 'rotate',
      secret: SECRETS.aws,
      emergency: 'true',
      reason: 'INC-7: leaked <b>in</b> a log | really',
    });
    await runAction(core, proc);
    expect(core.calls.filter((c) => c.kind === 'failed')).toEqual([]);
    expect(core.output('rotated')).toBe(SECRETS.aws);
    const summary = core.calls.find((c) => c.kind === 'summary')?.text ?? '';
    expect(summary).toContain('## docugen-secrets rotate (emergency)');
    expect(summary).toContain('INC-7: leaked &lt;b&gt;in&lt;/b&gt; a log \\| really');
    const audit = await readFile(join(proc.env['RUNNER_TEMP'] ?? '', 'docugen-secrets', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('INC-7: leaked <b>in</b> a log | really');
    const report = JSON.parse(await readFile(core.output('report') ?? '', 'utf8')) as {
      results: { emergency: boolean }[];
    };
    expect(report.results.map((r) => r.emergency)).toEqual([true]);
  });

  it.each([
    [{ emergency: 'true', secret: 'x' }, 'input "reason"'],
    [{ emergency: 'true', reason: 'why' }, 'input "secret"'],
    [{ command: 'deploy' }, 'input "command"'],
    [{ 'dry-run': 'yes' }, 'input "dry-run"'],
    [{ shard: '3', shards: '2' }, 'input "shard"'],
  ])('bad inputs %j fail the step with ACTION_INPUT', async (inputs, where) => {
    const core = new RecordingActionsCore(inputs);
    await runAction(core, await actionProcess('/nonexistent'));
    const failed = core.calls.filter((c) => c.kind === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.text).toContain('ACTION_INPUT');
    expect(failed[0]?.text).toContain(where);
  });
});
