import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatGithubAnnotations, formatJson, formatSarif } from '@docugen-secrets/policy-engine';
import { runCheck } from '../src/index.js';
import { repoRoot } from './helpers.js';

const dir = `${repoRoot}/policies/test/fixtures/golden`;
const goldenFile = `${dir}/expected-report.json`;
const now = new Date('2026-11-29T12:00:00Z');

async function goldenOutcome() {
  return runCheck({ paths: ['secrets-manifests'], cwd: dir, now, policiesDir: 'policies' });
}

describe('golden report for a fixture folder with a deliberate mix of violations', () => {
  it('matches expected-report.json (ids, positions, waivers, verdicts)', async () => {
    const text = formatJson((await goldenOutcome()).report);
    // UPDATE_GOLDEN=1 rewrites the file after a deliberate change; review the diff.
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(goldenFile, text);
    expect(text).toBe(readFileSync(goldenFile, 'utf8'));
  });

  it('covers every rule and the policy-file errors at least once', async () => {
    const { report } = await goldenOutcome();
    const ids = new Set(report.findings.map((f) => f.ruleId));
    for (const id of [
      'SM001',
      'SM003',
      'SM004',
      'SM005',
      'SM006',
      'SM007',
      'SM008',
      'SM009',
      'SM010',
      'SM011',
      'SM012',
      'MANIFEST_INVALID_VALUE',
      'WAIVER_MISSING_REASON',
      'WAIVER_EXPIRED',
      'WAIVER_UNUSED',
    ]) {
      expect(ids, id).toContain(id);
    }
    expect(report.summary).toMatchObject({ verdict: 'fail', rawVerdict: 'fail', waived: 1 });
    expect(report.summary.raw.errors).toBe(report.summary.errors + 1);
  });

  it('gives SARIF that the SARIF 2.1.0 schema accepts, with a suppression for the waived finding', async () => {
    const { report, rules } = await goldenOutcome();
    const sarif = JSON.parse(formatSarif(report, rules, { name: 'docugen-secrets', version: '0.1.0' })) as {
      runs: { results: { suppressions?: unknown[] }[] }[];
    };
    const schema = JSON.parse(
      readFileSync(`${repoRoot}/packages/policy-engine/test/fixtures/sarif-schema-2.1.0.json`, 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0]?.results.filter((r) => r.suppressions).length).toBe(1);
  });

  it('annotates at most 10 errors and leaves the rest to the summary', async () => {
    const { report } = await goldenOutcome();
    const a = formatGithubAnnotations(report);
    expect(a.text.split('\n').filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(a.annotated.length + a.overflow.length).toBe(report.findings.filter((f) => !f.waiver).length);
  });
});
