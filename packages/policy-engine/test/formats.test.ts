import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  annotation,
  buildReport,
  describeRules,
  escapeData,
  escapeProperty,
  formatGithubAnnotations,
  formatJson,
  formatMarkdownSummary,
  formatSarif,
  formatText,
  notificationAnnotation,
  sarifUri,
  type ReportNotification,
} from '../src/index.js';
import { finding, report } from './helpers.js';
import { testRules } from './rules.js';

// The OASIS SARIF 2.1.0 schema (vendored, see its $comment), validated as draft-07.
const sarifSchema = JSON.parse(
  readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: {
      level: string;
      ruleIndex: number;
      locations: { physicalLocation: { region: unknown } }[];
      suppressions?: unknown;
    }[];
  }[];
}

const rules = describeRules([...testRules], 'https://example.com/repo/blob/main/');
const waiver = {
  reason: 'accepted | for now',
  owner: '@ana',
  expires: '2027-01-31',
  file: 'policies/waivers.yaml',
  line: 4,
};
const sample = report([
  finding({
    ruleId: 'XX001',
    file: 'secrets-manifests/a b.yaml',
    secretId: 'a-b',
    message: 'length 64 > 32\nsecond line',
  }),
  finding({
    ruleId: 'XX002',
    severity: 'warning',
    file: 'secrets-manifests/c.yaml',
    start: { line: 1, col: 1 },
    end: { line: 1, col: 1 },
  }),
  finding({
    ruleId: 'MANIFEST_INVALID_VALUE',
    file: 'secrets-manifests/c.yaml',
    start: { line: 5, col: 2 },
    end: { line: 7, col: 1 },
  }),
  { ...finding({ ruleId: 'XX001', file: 'secrets-manifests/d.yaml', secretId: 'd' }), waiver },
  finding({ ruleId: 'XX003', severity: 'note', file: 'TEAMS' }),
]);

describe('report formats', () => {
  it('SARIF validates against the SARIF 2.1.0 schema, with rule metadata, levels, regions and suppressions', () => {
    const log = JSON.parse(
      formatSarif(sample, rules, {
        name: 'docugen-secrets',
        version: '0.1.0',
        informationUri: 'https://example.com/repo',
      }),
    ) as SarifLog;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['XX001', 'XX002', 'XX003', 'MANIFEST_INVALID_VALUE']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      helpUri: 'https://example.com/repo/blob/main/docs/policies/XX001.md',
      defaultConfiguration: { level: 'error' },
    });
    // Report order: by file (TEAMS sorts before secrets-manifests/), then position.
    expect(run.results.map((r) => [r.level, r.ruleIndex])).toEqual([
      ['note', 2],
      ['error', 0],
      ['warning', 1],
      ['error', 3],
      ['error', 0],
    ]);
    expect(run.results[1]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'secrets-manifests/a%20b.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 9 },
    });
    expect(run.results[2]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
    expect(run.results[4]?.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'accepted | for now (owner @ana, until 2027-01-31)' },
    ]);
  });

  it('an invalid SARIF log is rejected by the schema (the test can fail)', () => {
    const log = JSON.parse(formatSarif(sample, rules, { name: 'x', version: '1' }));
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validateSarif(log)).toBe(false);
  });

  it('GitHub annotations: escaped, waived ones left out, capped per level with the rest returned', () => {
    const a = formatGithubAnnotations(sample);
    expect(a.text.split('\n')[1]).toBe(
      '::error file=secrets-manifests/a b.yaml,line=2,col=3,endLine=2,endColumn=9,title=XX001::XX001 length 64 > 32%0Asecond line',
    );
    expect(a.annotated.map((f) => f.ruleId)).toEqual(['XX003', 'XX001', 'XX002', 'MANIFEST_INVALID_VALUE']);
    expect(a.text.split('\n')[0]).toBe(
      '::notice file=TEAMS,line=2,col=3,endLine=2,endColumn=9,title=XX003::XX003 something is wrong',
    );
    const many = report(Array.from({ length: 13 }, (_, i) => finding({ start: { line: i + 1, col: 1 } })));
    const capped = formatGithubAnnotations(many);
    expect(capped.annotated.length).toBe(10);
    expect(capped.overflow.map((f) => f.start.line)).toEqual([11, 12, 13]);
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(escapeData('50%\r\n')).toBe('50%25%0D%0A');
    expect(annotation(finding({ file: 'x,y:z.yaml' }))).toContain('file=x%2Cy%3Az.yaml,');
  });

  it('markdown summary: verdicts with and without waivers, escaped cells, waived list, overflow note', () => {
    const md = formatMarkdownSummary(sample, rules, { overflow: 3 });
    expect(md).toContain('## docugen-secrets check: ❌ failed');
    expect(md).toContain('| without waivers | 3 | 1 | 1 | – | fail |');
    expect(md).toContain('| with waivers | 2 | 1 | 1 | 1 | fail |');
    expect(md).toContain(
      '| error | `secrets-manifests/a b.yaml:2:3` | [XX001](https://example.com/repo/blob/main/docs/policies/XX001.md) | length 64 &gt; 32 second line |',
    );
    expect(md).toContain(
      '| [XX001](https://example.com/repo/blob/main/docs/policies/XX001.md) | `secrets-manifests/d.yaml:2` | accepted \\| for now | @ana | 2027-01-31 |',
    );
    expect(md).toContain("> 3 finding(s) beyond GitHub's annotation limit are listed here only.");
    expect(formatMarkdownSummary(report([]), rules)).toContain('✅ passed');
  });

  it('text: grouped by file with a header, waived findings marked, colour only when asked', () => {
    const plain = formatText(sample);
    expect(plain.split('\n').slice(0, 3)).toEqual([
      'TEAMS (1 finding)',
      'TEAMS:2:3: note XX003 something is wrong',
      '',
    ]);
    expect(plain).toContain(
      'secrets-manifests/d.yaml:2:3: waived XX001 something is wrong (error waived by policies/waivers.yaml:4 until 2027-01-31, owner @ana: accepted | for now)',
    );
    expect(plain.trimEnd().split('\n').at(-1)).toBe(
      'checked 1 manifest: 2 errors, 1 warning, 1 waived (without waivers: 3 errors, 1 warning) — FAIL (fail on error)',
    );
    expect(plain).not.toContain('\u001b[');
    expect(formatText(sample, { color: true })).toContain('\u001b[31merror\u001b[0m');
  });

  it('JSON is the report itself', () => {
    expect(JSON.parse(formatJson(sample))).toEqual(JSON.parse(JSON.stringify(sample)));
    expect(sarifUri('./a/b c/#d.yaml')).toBe('a/b%20c/%23d.yaml');
  });

  describe('producer extensions (the leak scanner): finding properties, partial fingerprints, notifications', () => {
    const notes: ReportNotification[] = [
      {
        level: 'error',
        code: 'X_BROKEN',
        message: 'side.yaml:3:5: entry is broken',
        file: 'side.yaml',
        start: { line: 3, col: 5 },
      },
      { level: 'note', message: 'skipped bin.dat (binary)', file: 'bin.dat' },
    ];
    const extra = {
      ...finding({ ruleId: 'XX001', file: 'k.txt' }),
      properties: { fingerprint: 'abc123def456' },
      partialFingerprints: { 'leakFingerprint/v1': 'abc123def456' },
    };
    const withNotes = buildReport({
      files: 2,
      valid: 2,
      findings: [extra],
      failOn: 'warning',
      counts: { skipped: 1 },
      notifications: notes,
    });
    const tagged = rules.map((d) => ({ ...d, tags: ['security'] }));

    it('SARIF: carries them (still schema-valid), execution unsuccessful on an error notification', () => {
      const log = JSON.parse(formatSarif(withNotes, tagged, { name: 'x', version: '1' }));
      expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
      const run = log.runs[0];
      expect(run.tool.driver.rules[0].properties).toEqual({ tags: ['security'] });
      expect(run.results[0]).toMatchObject({
        partialFingerprints: { 'leakFingerprint/v1': 'abc123def456' },
        properties: { fingerprint: 'abc123def456' },
      });
      expect(run.invocations).toEqual([
        {
          executionSuccessful: false,
          toolExecutionNotifications: [
            {
              level: 'error',
              message: { text: 'side.yaml:3:5: entry is broken' },
              descriptor: { id: 'X_BROKEN' },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'side.yaml', uriBaseId: '%SRCROOT%' },
                    region: { startLine: 3, startColumn: 5 },
                  },
                },
              ],
            },
            {
              level: 'note',
              message: { text: 'skipped bin.dat (binary)' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'bin.dat', uriBaseId: '%SRCROOT%' } } }],
            },
          ],
        },
      ]);
      // without notifications or extras, nothing new appears (policy SARIF unchanged)
      const plain = JSON.parse(formatSarif(sample, rules, { name: 'x', version: '1' }));
      expect(plain.runs[0].invocations).toBeUndefined();
      expect(plain.runs[0].results[0].partialFingerprints).toBeUndefined();
    });

    it('report: an error notification fails the verdict; counts kept; no notifications key when there are none', () => {
      expect(withNotes.summary).toMatchObject({ verdict: 'fail', rawVerdict: 'fail', counts: { skipped: 1 } });
      expect(
        buildReport({ files: 1, valid: 1, findings: [], failOn: 'error', notifications: [notes[1]!] }).summary.verdict,
      ).toBe('pass');
      expect('notifications' in sample).toBe(false);
    });

    it('text, annotations and summary show them', () => {
      const text = formatText(withNotes, { subject: 'scanned 2 files', properties: ['fingerprint'] });
      expect(text).toContain('k.txt:2:3: error XX001 something is wrong [fingerprint abc123def456]');
      expect(text).toContain('error: side.yaml:3:5: entry is broken [X_BROKEN]\nnote: skipped bin.dat (binary)\n');
      expect(text.trimEnd().split('\n').at(-1)).toBe('scanned 2 files: 1 error, 0 warnings — FAIL (fail on warning)');
      expect(formatText(withNotes)).not.toContain('[fingerprint');
      const a = formatGithubAnnotations(withNotes, { perLevel: 1 });
      expect(a.text).toBe(
        '::error file=k.txt,line=2,col=3,endLine=2,endColumn=9,title=XX001::XX001 something is wrong\n::notice file=bin.dat::skipped bin.dat (binary)\n',
      );
      expect(a.overflowNotifications).toEqual([notes[0]]);
      expect(notificationAnnotation(notes[0]!)).toBe(
        '::error file=side.yaml,line=3,col=5,title=X_BROKEN::side.yaml:3:5: entry is broken',
      );
      const md = formatMarkdownSummary(withNotes, rules, {
        title: 'scan',
        subject: 'Scanned 2 files',
        properties: ['fingerprint'],
      });
      expect(md).toContain('## scan: ❌ failed\n\nScanned 2 files; fails on warnings and errors.');
      expect(md).toContain('| something is wrong [fingerprint abc123def456] |');
      expect(md).toContain(
        '### Notes\n\n| level | location | code | message |\n| --- | --- | --- | --- |\n| error | `side.yaml:3:5` | `X_BROKEN` | side.yaml:3:5: entry is broken |\n| note | `bin.dat` |  | skipped bin.dat (binary) |',
      );
    });
  });
});
