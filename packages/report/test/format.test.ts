import { canary } from '@docugen-secrets/test-support';
import { describe, expect, it } from 'vitest';
import {
  buildComplianceReport,
  csvCell,
  escapeHtml,
  formatCsv,
  formatHtml,
  formatJson,
  formatMarkdown,
  mdCell,
  reportCsp,
  type ComplianceReport,
} from '../src/index.js';
import { chained, daysAgo, described, finished, manifest, NOW } from './fixtures.js';

function sample(ids = ['alpha', 'beta']): ComplianceReport {
  const audit = chained(
    ids.flatMap((id, i) => [...finished(id, daysAgo(200), { initial: true }), ...finished(id, daysAgo(10 + i * 30))]),
  );
  return buildComplianceReport({
    now: NOW,
    manifests: ids.map((id) => manifest(id)),
    audit,
    auditVerified: true,
    descriptions: new Map(ids.map((id, i) => [id, described(id, daysAgo(10 + i * 30))])),
    maxCadence: { critical: 'P30D' },
    waivers: [],
    alerts: [],
    sources: ['audit log .local/audit.jsonl'],
  });
}

describe('CSV', () => {
  it('quotes per RFC 4180 and neutralises formula cells', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nthere')).toBe('"say ""hi""\nthere"');
    for (const f of ['=HYPERLINK("x")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(f).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('has a header and one CRLF-terminated record per secret', () => {
    const lines = formatCsv(sample()).split('\r\n');
    expect(lines[0]?.startsWith('secret,class,env,owner,backend,status,age (days)')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[2]?.startsWith('beta,critical,production,platform')).toBe(true);
  });
});

describe('markdown', () => {
  it('escapes table-breaking and markup characters', () => {
    expect(mdCell('a|b\nc <img src=x> *x*')).toBe('a\\|b c &lt;img src=x&gt; \\*x\\*');
  });

  it('summarises totals and lists every secret, within the size limit', () => {
    const md = formatMarkdown(sample());
    expect(md).toContain('2 secrets: 1 ok, 1 overdue');
    expect(md).toContain('hash chain verified');
    expect(md.match(/^\| (alpha|beta) \|/gm)).toHaveLength(2);
    const many = sample(Array.from({ length: 300 }, (_, i) => `s-${String(i).padStart(3, '0')}`));
    const small = formatMarkdown(many, 20_000);
    expect(small.length).toBeLessThanOrEqual(20_000);
    expect(small).toMatch(/\d+ more secrets are not shown here/);
  });
});

describe('JSON', () => {
  it('is versioned and round-trips dates as ISO strings', () => {
    const parsed = JSON.parse(formatJson(sample())) as {
      version: number;
      generatedAt: string;
      rows: { secretId: string; currentSince: string }[];
    };
    expect(parsed.version).toBe(1);
    expect(parsed.generatedAt).toBe(NOW.toISOString());
    expect(parsed.rows.map((r) => r.secretId)).toEqual(['alpha', 'beta']);
    expect(parsed.rows[0]?.currentSince).toBe(daysAgo(10).toISOString());
  });
});

describe('HTML', () => {
  it('is one self-contained page: strict CSP with the stylesheet hash, no script, no external reference', () => {
    const html = formatHtml(sample());
    expect(html).toContain(`content="${escapeHtml(reportCsp())}"`);
    expect(reportCsp()).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    expect(html.match(/<rect class="bar [a-z]+" data-secret=/g)).toHaveLength(2);
    expect(html.match(/<circle class="mark /g)).toHaveLength(4); // an initial value and a rotation each
  });

  it('escapes every untrusted text', () => {
    const evil = '<script>alert(1)</script>';
    const report = sample();
    const tampered: ComplianceReport = {
      ...report,
      rows: report.rows.map((r) => ({
        ...r,
        ownerTeam: evil,
        lastRotation: { at: daysAgo(1), trigger: 'emergency', by: `"><svg onload=x>`, source: 'audit', reason: evil },
      })),
    };
    const html = formatHtml(tampered);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('never a value', () => {
  it('no output carries a value-like datum found in audit details, fingerprints or store tags', () => {
    const value = canary('report');
    const audit = chained(
      finished('alpha', daysAgo(5)).map((e) => ({
        ...e,
        fingerprint: 'hmac-sha256:abcdefgh12345678',
        details: { ...e.details, note: value },
      })),
    );
    const desc = { ...described('alpha', daysAgo(5)), tags: { leaked: value } };
    const report = buildComplianceReport({
      now: NOW,
      manifests: [manifest('alpha')],
      audit,
      descriptions: new Map([['alpha', desc]]),
      maxCadence: {},
      waivers: [],
    });
    for (const text of [formatCsv(report), formatMarkdown(report), formatJson(report), formatHtml(report)]) {
      expect(text).not.toContain(value);
      expect(text).not.toContain('hmac-sha256');
    }
  });
});
