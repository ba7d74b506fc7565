import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findRule, LEAK_RULES, scanText } from '../src/index.js';
import { ALNUM, BASE64, BECH32, gen, mixed, P, WORD } from './gen.js';
import { hit, miss, spanText, type Row } from './table.js';
import { SLACK_TABLE } from './slack-table.js';
import { domainTable } from './domain-table.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function table(): Record<string, { hits: Row[]; misses: Row[] }> {
  const gcp = P.gcp();
  const aws40 = gen(BASE64, 40);
  const pem = P.pem();
  const jwt = P.jwt();
  const [h, pl] = jwt.split('.') as [string, string];
  const age = P.age();
  const ghp = P.ghp();
  const stripe = 'sk' + '_live_' + gen(ALNUM, 24);
  const g24 = mixed(24);
  return {
    'LEAK-gcp-api-key': {
      hits: [hit('quoted key', `apiKey: "${gcp}"`, gcp), hit('at end of text', `key=${gcp}`, gcp)],
      misses: [
        miss('no word boundary before', `abc${gcp}`),
        miss('longer token (no terminator)', `${gcp}abcd123`),
        miss('low entropy', 'AI' + 'za' + 'a'.repeat(35)),
        miss('wrong case', gcp.toUpperCase()),
        miss('firebase example key', 'AI' + 'zaSy' + 'abcdefghijklmnopqrstuvwxyz1234567'),
      ],
    },
    'LEAK-aws-access-token': {
      hits: ['AK' + 'IA', 'AS' + 'IA', 'AB' + 'IA', 'AC' + 'CA', 'A3' + 'TX'].map((p) => {
        const k = P.aws(p);
        return hit(`${p} key id`, `aws_access_key_id = ${k}`, k);
      }),
      misses: [
        miss('low entropy', 'AK' + 'IA' + 'X'.repeat(16)),
        miss('documented example', 'AK' + 'IA' + 'IOSFODNN7' + 'EXAMPLE'),
        miss('lower case', P.aws().toLowerCase()),
        miss('inside a longer word', 'TODAYIN' + 'ASIA' + 'ASACKOFRICEFELLOVER'),
        miss('digits AWS never uses', 'AK' + 'IA' + 'ABCD0189EFGH2345'),
      ],
    },
    'LEAK-aws-secret-access-key': {
      hits: [
        hit('ini style', `aws_secret_access_key = ${aws40}`, aws40),
        hit('env style, quoted', `AWS_SECRET_ACCESS_KEY: "${aws40}"`, aws40),
        hit('camel case', `"awsSecretKey": "${aws40}"`, aws40),
      ],
      misses: [
        miss('name without aws', `secret_access_key = ${gen(BASE64, 40)}`),
        miss('41 characters', `aws_secret_access_key = ${gen(BASE64, 41)}`),
        miss('example suffix', `aws_secret_access_key = ${gen(BASE64, 33)}${'EXAM' + 'PLE'}`),
        miss('low entropy', `aws_secret_access_key = ${'A'.repeat(40)}`),
      ],
    },
    'LEAK-private-key': {
      hits: [
        hit('RSA block', `key: |\n  ${pem.replaceAll('\n', '\n  ')}\n`, pem.replaceAll('\n', '\n  ')),
        ...['OPENSSH PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'].map((l) => {
          const k = P.pem(l);
          return hit(l, k, k);
        }),
        (() => {
          const [begin, end] = ['-----' + 'BEGIN', '-----' + 'END'];
          const json = `${begin} PRIVATE KEY-----\\n${gen(BASE64, 64)}\\n${gen(BASE64, 20)}\\n${end} PRIVATE KEY-----`;
          return hit('JSON-escaped one line', `{"private_key": "${json}\\n"}`, json);
        })(),
      ],
      misses: [
        miss('body under 64 characters', P.pem('RSA PRIVATE KEY', gen(BASE64, 40))),
        miss('public key', P.pem('PUBLIC KEY')),
        miss('header only', P.pem('RSA PRIVATE KEY').replace(/-----END[\s\S]*$/, '')),
      ],
    },
    'LEAK-jwt': {
      hits: [
        hit('bearer header', `Authorization: Bearer ${jwt}`, jwt),
        hit('unsigned token', `token="${h}.${pl}."`, `${h}.${pl}.`),
      ],
      misses: [
        miss('two segments, no trailing dot', `${h}.${pl} `),
        miss('short header', `eyJhbGci.${pl}.${gen(WORD, 20)}`),
        miss('not base64 JSON', `abc${h}.${pl}.${gen(WORD, 20)}`),
      ],
    },
    'LEAK-age-secret-key': {
      hits: [
        hit('keys.txt', `# created: 2024-01-01\n# public key: age1${gen(BECH32, 58).toLowerCase()}\n${age}\n`, age),
      ],
      misses: [
        miss('57 characters', 'AGE-SECRET' + '-KEY-1' + gen(BECH32, 57)),
        miss('lower case', age.toLowerCase()),
        miss('not bech32', 'AGE-SECRET' + '-KEY-1B' + gen(BECH32, 57)),
      ],
    },
    'LEAK-github-pat': {
      hits: [hit('env', `GITHUB_TOKEN=${ghp}`, ghp)],
      misses: [
        miss('35 characters', 'gh' + 'p_' + gen(ALNUM, 35)),
        miss('low entropy', 'gh' + 'p_' + 'a'.repeat(36)),
        miss('other prefix', 'gh' + 'x_' + gen(ALNUM, 36)),
        miss('@octokit/auth-token README', `token: ${P.ghp()}`, 'node_modules/@octokit/auth-token/README.md'),
      ],
    },
    'LEAK-github-fine-grained-pat': ((t = 'github' + '_pat_' + gen(WORD.replace('-', ''), 82)) => ({
      hits: [hit('env', `GH_TOKEN=${t}`, t)],
      misses: [
        miss('81 characters', 'github' + '_pat_' + gen(ALNUM, 81)),
        miss('low entropy', 'github' + '_pat_' + '1'.repeat(82)),
      ],
    }))(),
    'LEAK-github-oauth': ((t = 'gh' + 'o_' + gen(ALNUM, 36)) => ({
      hits: [hit('json', `{"access_token":"${t}"}`, t)],
      misses: [miss('35 characters', 'gh' + 'o_' + gen(ALNUM, 35)), miss('low entropy', 'gh' + 'o_' + 'Z'.repeat(36))],
    }))(),
    'LEAK-github-app-token': ((u = 'gh' + 'u_' + gen(ALNUM, 36), s = 'gh' + 's_' + gen(ALNUM, 36)) => ({
      hits: [hit('user-to-server', `t=${u}`, u), hit('installation', `t=${s}`, s)],
      misses: [
        miss('35 characters', 'gh' + 's_' + gen(ALNUM, 35)),
        miss('@octokit/auth-token README', `t=${s}`, 'x/@octokit/auth-token/README.md'),
      ],
    }))(),
    'LEAK-github-refresh-token': ((t = 'gh' + 'r_' + gen(ALNUM, 36)) => ({
      hits: [hit('refresh', `refresh_token: ${t}`, t)],
      misses: [miss('35 characters', 'gh' + 'r_' + gen(ALNUM, 35)), miss('low entropy', 'gh' + 'r_' + 'ab'.repeat(18))],
    }))(),
    ...SLACK_TABLE(),
    'LEAK-stripe-access-token': {
      hits: [
        hit('secret key', `STRIPE_KEY=${stripe}`, stripe),
        ((r = 'rk' + '_test_' + gen(ALNUM, 30)) => hit('restricted key', `'${r}'`, r))(),
      ],
      misses: [
        miss('publishable key', 'pk' + '_live_' + gen(ALNUM, 24)),
        miss('9 characters', 'sk' + '_live_' + gen(ALNUM, 9)),
        miss('low entropy', 'sk' + '_test_' + 'a'.repeat(40)),
        miss('inside a word', 'xsk' + '_live_' + gen(ALNUM, 24)),
      ],
    },
    'LEAK-generic-api-key': {
      hits: [
        hit('api_key =', `api_key = "${g24}"`, g24),
        ((s = mixed(32)) => hit('json client_secret', `{"client_secret": "${s}"}`, s))(),
        ((s = mixed(16)) => hit('env password', `DB_PASSWORD=${s}`, s))(),
        ((s = mixed(20)) => hit('yaml auth token', `auth_token: ${s}`, s))(),
        ((s = mixed(20)) => hit('camelCase const', `const apiKey = '${s}';`, s))(),
        ((s = '0123456789' + '88' + '99AABC') => hit('entropy just above 3.5', `api_key = "${s}"`, s))(),
      ],
      misses: [
        miss('9 characters', `api_key = "${mixed(9)}"`),
        miss('low entropy', `api_key = "${'aaaaaaaaaa' + '11'}"`),
        miss('entropy exactly 3.5', `api_key = "${'0123456789' + '88' + '99AABB'}"`),
        miss('letters only', `secret: ${gen(LETTERS, 20)}`),
        miss('stopword', `token: ${'deploy-' + mixed(12)}`),
        miss('public key name', `public_key = "${mixed(24)}"`),
        miss('key id name', `key_id = "${mixed(20)}"`),
        miss('api version name', `api_version = "${mixed(12)}"`),
        miss('csrf token name', `csrf_token: ${mixed(20)}`),
        miss('docker build secret line', `RUN --mount=type=secret,id=npm token=${mixed(20)}`),
        miss('no secret-ish name', `color = "${mixed(24)}"`),
      ],
    },
    ...domainTable(),
  };
}

const TABLE = table();

describe('every rule has a table and a documented section', () => {
  it('covers LEAK_RULES exactly', () => {
    expect(Object.keys(TABLE).sort()).toEqual(LEAK_RULES.map((r) => r.id).sort());
  });

  it('docs/policies/leak-scan.md has one section per rule, citing its gitleaks source', () => {
    const doc = readFileSync(new URL('../../../docs/policies/leak-scan.md', import.meta.url), 'utf8');
    for (const r of LEAK_RULES) {
      const section = doc.split(`\n### ${r.id}\n`)[1]?.split('\n### ')[0] ?? '';
      if (r.gitleaks.own) expect(section, r.id).toContain("not in gitleaks' default rules");
      else expect(section, r.id).toContain(`rule \`${r.gitleaks.ruleId}\` in [\`${r.gitleaks.file}\``);
    }
  });
});

for (const [ruleId, { hits, misses }] of Object.entries(TABLE)) {
  const rule = findRule(ruleId);
  describe(ruleId, () => {
    it('exists and cites its gitleaks rule', () => {
      expect(rule?.gitleaks.ruleId).toBe(ruleId.replace(/^LEAK-/, ''));
      expect(rule?.helpUri).toBe(`docs/policies/leak-scan.md#${ruleId.toLowerCase()}`);
    });
    it.each(hits)('finds: $name', ({ text, secret, file }) => {
      const found = scanText(text, file ?? 'f.txt', { rules: [rule!] });
      expect(found.map((f) => f.ruleId)).toEqual([ruleId]);
      expect(spanText(text, found[0]!)).toBe(secret);
    });
    it.each(misses)('ignores: $name', ({ text, file }) => {
      expect(scanText(text, file ?? 'f.txt', { rules: [rule!] })).toEqual([]);
    });
  });
}

describe('the rule set together', () => {
  it('a specific rule shadows the generic rule on the same line', () => {
    const t = P.ghp();
    expect(scanText(`token: ${t}`, 'f').map((f) => f.ruleId)).toEqual(['LEAK-github-pat']);
    const k = gen(BASE64, 40);
    expect(scanText(`aws_secret_access_key = ${k}`, 'f').map((f) => f.ruleId)).toEqual(['LEAK-aws-secret-access-key']);
  });

  it('the keyword prefilter never changes the findings', () => {
    const text = Object.values(TABLE)
      .flatMap((t) => [...t.hits, ...t.misses].filter((r) => r.file === undefined).map((r) => r.text))
      .join('\n');
    const on = scanText(text, 'all.txt');
    expect(on.length).toBeGreaterThan(30);
    expect(scanText(text, 'all.txt', { prefilter: false })).toEqual(on);
  });

  it('inline gitleaks:allow / docugen-secrets:allow silence their line only', () => {
    const a = mixed(24);
    const text = [
      `api_key = "${a}" # gitleaks:allow`,
      `token = "${mixed(24)}" // docugen-secrets:allow`,
      `secret = "${mixed(24)}"`,
    ].join('\n');
    expect(scanText(text, 'f').map((f) => f.start.line)).toEqual([3]);
  });

  it('positions are 1-based, end exclusive, and multi-line for PEM blocks', () => {
    const k = P.aws();
    const [f] = scanText(`x\n  id: ${k}\n`, 'f');
    expect(f).toMatchObject({ start: { line: 2, col: 7 }, end: { line: 2, col: 27 } });
    const pem = P.pem();
    const [p] = scanText(`# key\n${pem}\n`, 'f');
    expect(p).toMatchObject({ ruleId: 'LEAK-private-key', start: { line: 2, col: 1 }, end: { line: 9, col: 30 } });
  });
});
