import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docugenRules, planCodeowners, runCheck } from '../src/index.js';
import { repoRoot } from './helpers.js';

const now = new Date('2026-11-29T12:00:00Z');

describe("DocuGen's own manifests and policy files", () => {
  it('pass every policy; the manual secret passes only through its waiver', async () => {
    const { report, policiesDir } = await runCheck({ paths: ['secrets-manifests'], cwd: repoRoot, now });
    expect(policiesDir).toBe(`${repoRoot}/policies`);
    expect(report.findings.filter((f) => !f.waiver)).toEqual([]);
    expect(report.findings.map((f) => [f.ruleId, f.secretId])).toEqual([['SM010', 'ocr-vendor-api-token']]);
    expect(report.summary).toMatchObject({
      files: 7,
      valid: 7,
      errors: 0,
      warnings: 0,
      waived: 1,
      verdict: 'pass',
      rawVerdict: 'fail',
    });
  });

  it('.github/CODEOWNERS is what the generator writes', async () => {
    const plan = await planCodeowners({ paths: ['secrets-manifests'], cwd: repoRoot, now });
    expect(plan.problems).toEqual([]);
    expect(plan.current).toBe(plan.text);
  });

  it('every rule has its documentation page, naming its id and title', () => {
    for (const rule of docugenRules) {
      const page = readFileSync(`${repoRoot}/${rule.docs}`, 'utf8');
      expect(page.split('\n')[0], rule.id).toBe(`# ${rule.id} — ${rule.name}`);
      expect(page, rule.id).toContain(rule.title);
    }
  });

  it('NFR5 in docs/prd/requirements.md quotes the numbers of policies/config.yaml (the one place they live)', () => {
    const doc = readFileSync(`${repoRoot}/docs/prd/requirements.md`, 'utf8');
    const config = readFileSync(`${repoRoot}/policies/config.yaml`, 'utf8');
    const block = /<!-- nfr5:begin[^>]*-->\n([\s\S]*?)<!-- nfr5:end -->/.exec(doc)?.[1] ?? '';
    const limits = [...block.matchAll(/^\| (\w+) \| (P\w+) \|/gm)].map((m) => [m[1], m[2]]);
    expect(limits.length).toBeGreaterThanOrEqual(3);
    for (const [cls, limit] of limits)
      expect(config, `${cls ?? ''} ${limit ?? ''}`).toMatch(new RegExp(`\\n\\s+${cls ?? ''}: ${limit ?? ''}\\n`));
  });
});
