// Issue 13 item 14: recall and precision of the full leak rule set on the
// labelled credential corpus (test/fixtures/credential-corpus.json, the same
// cases test/corpus.test.ts asserts): passwords with symbols, URL
// credentials, and placeholders/references that must not be reported.
import { readFileSync } from 'node:fs';
import { scanText } from '@docugen-secrets/leak-scan';
import { ratioLine } from '../../../tools/bench-lib.mjs';

const corpus = JSON.parse(readFileSync(new URL('../test/fixtures/credential-corpus.json', import.meta.url), 'utf8'));

/** The text a finding's span covers (1-based lines and columns, end exclusive). */
function spanText(text, f) {
  const lines = text.split('\n');
  const offset = (line, col) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  return text.slice(offset(f.start.line, f.start.col), offset(f.end.line, f.end.col));
}

const found = (c) => {
  const findings = scanText(c.text, c.file);
  return c.secret === undefined ? findings.length > 0 : findings.some((f) => spanText(c.text, f) === c.secret);
};
const tp = corpus.true.filter(found).length;
const fp = corpus.false.filter(found).length;
const recall = tp / corpus.true.length;
const precision = tp / (tp + fp);
console.log(`${corpus.true.length} true cases (${tp} found), ${corpus.false.length} false cases (${fp} reported)`);
// Printed as RATIO lines so that the bench summary lists them (a score, not a speed-up: 1.00 is perfect).
ratioLine('leak-scan credential corpus recall', recall, '>=', 0.95);
ratioLine('leak-scan credential corpus precision', precision, '>=', 0.95);
