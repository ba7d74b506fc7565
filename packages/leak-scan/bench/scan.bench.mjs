// Issue benchmark: leak-scan over ~20 MB of generated repository-like text
// (source, YAML, Markdown; a few planted secrets) with gitleaks' keyword
// prefilter vs the same rules run naively (every regex over every file).
// Both must report the same findings; the ratio is baseline / prefiltered.
import { LEAK_RULES, scanText } from '@docugen-secrets/leak-scan';
import { compare, printTable, ratioLine } from '../../../tools/bench-lib.mjs';

const FILES = 2000;
const FILE_BYTES = 10_000;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = rng(42);
const pick = (xs) => xs[Math.floor(r() * xs.length)];
const chars = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS =
  'the secret manifest owner rotation store value policy cadence service deploy config review runbook token key access schedule window team alert budget release version module export import function return const await promise string number record'.split(
    ' ',
  );

const LINES = [
  () =>
    `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}, ${pick(WORDS)} ${pick(WORDS)}.`,
  () => `export function ${pick(WORDS)}${pick(WORDS)}(${pick(WORDS)}: string): number {`,
  () => `  const ${pick(WORDS)} = await ${pick(WORDS)}.${pick(WORDS)}(${pick(WORDS)}, ${Math.floor(r() * 1000)});`,
  () => `  ${pick(WORDS)}: ${pick(WORDS)}-${pick(WORDS)}`,
  () => `- [${pick(WORDS)}](docs/${pick(WORDS)}.md): ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
  () => `  }`,
  () => `// ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`,
];
// Planted secrets, assembled at run time (no literal in this file).
const SECRETS = [
  () => `aws_access_key_id = ${'AK' + 'IA'}${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  () => `GITHUB_TOKEN=${'gh' + 'p_'}${chars(ALNUM, 36)}`,
  () => `api_key = "${chars(ALNUM, 28)}"`,
];

const files = [];
for (let i = 0; i < FILES; i++) {
  const lines = [];
  let size = 0;
  while (size < FILE_BYTES) {
    const l = pick(LINES)();
    lines.push(l);
    size += l.length + 1;
  }
  if (i % 40 === 0) lines.splice(Math.floor(r() * lines.length), 0, pick(SECRETS)());
  files.push([`src/file-${i}.ts`, lines.join('\n')]);
}
const totalMb = files.reduce((n, [, t]) => n + t.length, 0) / 1e6;

let withPrefilter = 0;
let naive = 0;
const results = await compare(
  {
    'scanText with keyword prefilter': async () => {
      withPrefilter = 0;
      for (const [f, t] of files) withPrefilter += scanText(t, f).length;
    },
    'baseline: same rules, no prefilter': async () => {
      naive = 0;
      for (const [f, t] of files) naive += scanText(t, f, { prefilter: false }).length;
    },
  },
  { rounds: 5, warmup: 1 },
);
if (withPrefilter !== naive || withPrefilter === 0)
  throw new Error(`findings differ: prefilter ${withPrefilter}, naive ${naive}`);
const subject = results['scanText with keyword prefilter'].median;
console.log(
  `${FILES} files, ${totalMb.toFixed(1)} MB, ${LEAK_RULES.length} rules, ${withPrefilter} findings; prefiltered ${(totalMb / (subject / 1000)).toFixed(0)} MB/s`,
);
printTable(results);
ratioLine(
  'leak-scan naive regexes vs keyword prefilter (20 MB)',
  results['baseline: same rules, no prefilter'].median / subject,
  '>=',
  1.5,
);
