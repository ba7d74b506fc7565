import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanText } from '../src/index.js';
import { spanText } from './table.js';

interface Case {
  readonly name: string;
  readonly text: string;
  readonly file: string;
  readonly secret?: string;
}

const corpus = JSON.parse(readFileSync(new URL('./fixtures/credential-corpus.json', import.meta.url), 'utf8')) as {
  true: Case[];
  false: Case[];
};

/** Whether the full rule set reports exactly `c.secret` (true cases) or anything at all (false cases). */
function found(c: Case): boolean {
  const findings = scanText(c.text, c.file);
  return c.secret === undefined ? findings.length > 0 : findings.some((f) => spanText(c.text, f) === c.secret);
}

describe('labelled credential corpus (passwords with symbols, URL credentials, placeholders)', () => {
  const missed = corpus.true.filter((c) => !found(c));
  const falseAlarms = corpus.false.filter((c) => found(c));
  const tp = corpus.true.length - missed.length;
  const recall = tp / corpus.true.length;
  const precision = tp / (tp + falseAlarms.length);

  it('has at least 100 true and 100 false cases', () => {
    expect(corpus.true.length).toBeGreaterThanOrEqual(100);
    expect(corpus.false.length).toBeGreaterThanOrEqual(100);
  });

  it('recall ≥ 0.95', () => {
    expect(recall, `missed: ${missed.map((c) => c.name).join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('precision ≥ 0.95', () => {
    expect(precision, `false alarms: ${falseAlarms.map((c) => c.name).join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it("AWS's documented example secret key is not a finding", () => {
    const example = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const text of [
      `aws_secret_access_key = ${example}`,
      `AWS_SECRET_ACCESS_KEY="${example}"`,
      `secret: ${example}`,
      `password: ${example}`,
    ])
      expect(scanText(text, 'f.txt'), text).toEqual([]);
  });
});
