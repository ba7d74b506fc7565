import type { AuditEvent } from '@docugen-secrets/audit';
import { describe, expect, it } from 'vitest';
import { buildComplianceReport, formatCsv, formatJson, formatMarkdown, type ReportInput } from '../src/index.js';
import { chained, daysAgo, described, finished, manifest, NOW } from './fixtures.js';

const ACTOR = { kind: 'github-actions', actor: 'rotator-bot', runId: '42' } as const;

function restart(
  id: string,
  at: Date,
  service: string,
  opts: { action?: string; outcome?: 'success' | 'failure'; delivery?: string } = {},
): AuditEvent {
  return {
    at: at.toISOString(),
    actor: ACTOR,
    action: opts.action ?? 'rotation.restart',
    secretId: id,
    versionId: `v-${at.getTime()}`,
    outcome: opts.outcome ?? 'success',
    details: {
      service,
      deployment: service,
      trigger: 'repository-dispatch',
      deliveryId: opts.delivery ?? `d-${id}-${service}-${at.getTime()}`,
    },
  };
}

function reportOf(audit: AuditEvent[]): ReturnType<typeof buildComplianceReport> {
  const input: ReportInput = {
    now: NOW,
    manifests: [manifest('places-key'), manifest('ocr-token', { manual: true })],
    audit: chained(audit),
    descriptions: new Map([
      ['places-key', described('places-key', daysAgo(5))],
      ['ocr-token', described('ocr-token', daysAgo(2))],
    ]),
    maxCadence: { any: 'P365D' },
    waivers: [],
  };
  return buildComplianceReport(input);
}

describe('compliance report: consumer restarts per secret', () => {
  const audit = [
    ...finished('places-key', daysAgo(5)),
    restart('places-key', daysAgo(400), 'maps-api'), // outside the 12-month window
    restart('places-key', daysAgo(35), 'maps-api'),
    restart('places-key', daysAgo(5), 'maps-api', { delivery: 'd-1' }),
    restart('places-key', daysAgo(5), 'maps-api', { delivery: 'd-1' }), // a resend after a crash: one restart
    restart('places-key', daysAgo(5), 'geo-worker', { outcome: 'failure' }), // not acknowledged: not counted
    restart('ocr-token', daysAgo(2), 'ocr-worker', { action: 'manual.restart' }),
  ];

  it('lists the acknowledged restarts of the last 12 months from the audit trail, one per delivery', () => {
    const [ocr, places] = reportOf(audit).rows;
    expect(places?.restarts.map((r) => [r.service, r.at.toISOString()])).toEqual([
      ['maps-api', daysAgo(35).toISOString()],
      ['maps-api', daysAgo(5).toISOString()],
    ]);
    expect(ocr?.restarts).toEqual([expect.objectContaining({ service: 'ocr-worker', trigger: 'repository-dispatch' })]);
  });

  it('shows them in every format: a count and the consumers restarted', () => {
    const report = reportOf(audit);
    const md = formatMarkdown(report);
    expect(md).toContain('| restarts (12 months) | restarted consumers |');
    expect(md).toContain(`| 2 | maps-api ×2 (repository-dispatch, last ${daysAgo(5).toISOString().slice(0, 10)}) |`);
    const csv = formatCsv(report);
    expect(csv.split('\r\n')[0]).toContain('restarts (12 months),restarted consumers');
    expect(csv).toContain('ocr-worker ×1 (repository-dispatch');
    const json = JSON.parse(formatJson(report)) as { rows: { secretId: string; restarts: unknown[] }[] };
    expect(json.rows.map((r) => [r.secretId, r.restarts.length])).toEqual([
      ['ocr-token', 1],
      ['places-key', 2],
    ]);
  });

  it('escapes a hostile consumer name in the markdown table', () => {
    const md = formatMarkdown(reportOf([restart('places-key', daysAgo(1), 'evil|<script>')]));
    expect(md).not.toContain('<script>');
    expect(md).toContain('evil\\|&lt;script&gt;');
  });
});
