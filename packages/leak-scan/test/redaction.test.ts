import { describe, expect, it } from 'vitest';
import { LEAK_RULES, redact, scanFiles, type ScanResult } from '../src/index.js';
import { ALNUM, BASE64, DIGITS, gen, mixed, P, WORD } from './gen.js';
import { memoryIo } from './memory-io.js';

/** One canary per rule: a value whose body is unique, so any leak of it is detectable in output. */
function canaries(): Record<string, string> {
  const X = 'xo' + 'x';
  return {
    'LEAK-gcp-api-key': P.gcp(),
    'LEAK-aws-access-token': P.aws(),
    'LEAK-aws-secret-access-key': gen(BASE64, 40),
    'LEAK-private-key': P.pem('OPENSSH PRIVATE KEY'),
    'LEAK-jwt': P.jwt(),
    'LEAK-age-secret-key': P.age(),
    'LEAK-github-pat': P.ghp(),
    'LEAK-github-fine-grained-pat': 'github' + '_pat_' + gen(ALNUM, 82),
    'LEAK-github-oauth': 'gh' + 'o_' + gen(ALNUM, 36),
    'LEAK-github-app-token': 'gh' + 's_' + gen(ALNUM, 36),
    'LEAK-github-refresh-token': 'gh' + 'r_' + gen(ALNUM, 36),
    'LEAK-slack-bot-token': `${X}b-${gen(DIGITS, 11)}-${gen(DIGITS, 12)}-${gen(ALNUM, 24)}`,
    'LEAK-slack-user-token': `${X}p-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(DIGITS, 12)}-${gen(ALNUM, 32)}`,
    'LEAK-slack-app-token': `xapp-1-A${gen(DIGITS, 10)}-${gen(DIGITS, 13)}-${gen('abcdef0123456789', 64)}`,
    'LEAK-slack-config-access-token': `${X}e.${X}b-1-${gen(DIGITS + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 164)}`,
    'LEAK-slack-config-refresh-token': `${X}e-1-${gen(DIGITS + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 146)}`,
    'LEAK-slack-legacy-bot-token': `${X}b-${gen(DIGITS, 10)}-${gen(ALNUM, 22)}`,
    'LEAK-slack-legacy-token': `${X}o-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen('abcdef0123456789', 40)}`,
    'LEAK-slack-legacy-workspace-token': `${X}a-2-${gen(ALNUM, 40)}`,
    'LEAK-slack-webhook-url': `https://hooks.slack.com/workflows/T${gen(ALNUM, 10)}/A${gen(ALNUM, 10)}/${gen(WORD.replace(/[_-]/g, ''), 30)}`,
    'LEAK-stripe-access-token': 'sk' + '_live_' + gen(ALNUM, 40),
    'LEAK-npm-access-token': 'np' + 'm_' + gen(ALNUM, 36),
    'LEAK-azure-storage-account-key': gen(BASE64, 86) + '==',
    'LEAK-azure-ad-client-secret': gen(ALNUM, 3) + '8' + 'Q~' + gen(ALNUM, 32),
    'LEAK-vault-service-token': 'hv' + 's.' + gen(WORD, 95),
    'LEAK-vault-batch-token': 'hv' + 'b.' + gen(WORD, 150),
    'LEAK-1password-secret-key': [
      'A' + '3',
      gen(UPPER_NUM, 6),
      gen(UPPER_NUM, 11),
      gen(UPPER_NUM, 5),
      gen(UPPER_NUM, 5),
      gen(UPPER_NUM, 5),
    ].join('-'),
    'LEAK-1password-service-account-token': 'op' + 's_eyJ' + gen(ALNUM, 300),
    'LEAK-gcp-service-account-key': gen('0123456789abcdef', 40),
    'LEAK-kubernetes-secret-yaml': Buffer.from(gen(ALNUM, 24)).toString('base64'),
    'LEAK-pkcs12-file': gen(ALNUM, 40),
    'LEAK-hashicorp-tf-password': gen('abcdefghijklmnopqrstuvwxyz0123456789', 16),
    'LEAK-nuget-config-password': gen(ALNUM, 20),
    'LEAK-curl-auth-user': `deploy:${gen(ALNUM, 20)}`,
    'LEAK-curl-auth-header': gen(WORD, 40),
    'LEAK-url-credentials': `Zr8!${gen(ALNUM, 20)}`,
    'LEAK-password-assignment': `Xq7#${gen(ALNUM, 20)}$!`,
    'LEAK-generic-api-key': mixed(32),
  };
}

const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The file each canary is written to: rules scoped to file types get a file of their type. */
function nameFor(rule: string): string {
  const ext: Record<string, string> = {
    'LEAK-kubernetes-secret-yaml': 'yaml',
    'LEAK-pkcs12-file': 'p12',
    'LEAK-hashicorp-tf-password': 'tf',
    'LEAK-nuget-config-password': 'nuget.config',
  };
  return `c/${rule}.${ext[rule] ?? 'txt'}`;
}

const TEMPLATES: Record<string, (v: string) => string> = {
  'LEAK-azure-storage-account-key': (v) =>
    `DefaultEndpointsProtocol=https;AccountName=docs;AccountKey=${v};EndpointSuffix=core.windows.net\n`,
  'LEAK-gcp-service-account-key': (v) =>
    `${JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: v }, null, 2)}\n`,
  'LEAK-kubernetes-secret-yaml': (v) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${v}\n`,
  'LEAK-pkcs12-file': (v) => v,
  'LEAK-hashicorp-tf-password': (v) => `password = "${v}"\n`,
  'LEAK-nuget-config-password': (v) => `<add key="ClearTextPassword" value="${v}" />\n`,
  'LEAK-curl-auth-user': (v) => `curl -u ${v} https://api.example.net\n`,
  'LEAK-curl-auth-header': (v) => `curl -H "Authorization: Bearer ${v}" https://api.example.net\n`,
  'LEAK-url-credentials': (v) => `postgres://app:${v}@db:5432/app\n`,
  'LEAK-password-assignment': (v) => `password: ${v}\n`,
};

function fileFor(rule: string, value: string): string {
  const template = TEMPLATES[rule];
  if (template) return template(value);
  if (rule === 'LEAK-aws-secret-access-key') return `aws_secret_access_key = ${value}\n`;
  if (rule === 'LEAK-generic-api-key') return `client_secret: "${value}"\n`;
  return `value: ${value}\n`;
}

async function scanCanaries(): Promise<{ result: ScanResult; values: Record<string, string> }> {
  const values = canaries();
  const files = Object.fromEntries(Object.entries(values).map(([rule, v]) => [nameFor(rule), fileFor(rule, v)]));
  return { result: await scanFiles(['c'], memoryIo(files)), values };
}

// Reports are rendered by the policy engine's formats from these findings
// (packages/cli/test/scan.test.ts runs the canary through every --format); here
// the scan result itself, every field of it, must hold no value.
describe('redaction: no scan result ever holds a value', () => {
  it('every rule is represented and fires once on its canary', async () => {
    const { result } = await scanCanaries();
    expect(Object.keys(canaries()).sort()).toEqual(LEAK_RULES.map((r) => r.id).sort());
    expect(result.findings.map((f) => `${f.file}>${f.ruleId}`).sort()).toEqual(
      LEAK_RULES.map((r) => `${nameFor(r.id)}>${r.id}`).sort(),
    );
  });

  it('the serialised result holds no canary nor its secret part', async () => {
    const { result, values } = await scanCanaries();
    const out = JSON.stringify(result);
    for (const [rule, value] of Object.entries(values)) {
      const shown = /^[^…]*/.exec(result.findings.find((f) => f.ruleId === rule)?.redacted ?? '')?.[0] ?? '';
      expect(out, rule).not.toContain(value);
      // everything after the public prefix (and before a PEM footer) is secret: not even a 12-character window of it may appear
      const body = value
        .slice(shown.length)
        .replace(/-----END [A-Z ]+-----$/, '')
        .replaceAll('\n', '');
      for (let i = 0; i + 12 <= body.length; i += 4)
        expect(out.includes(body.slice(i, i + 12)), `${rule} @${i}`).toBe(false);
    }
  });

  it('redacted shows only the public prefix and the length', () => {
    const k = P.aws();
    expect(redact(k, /^AKIA/)).toBe('AKIA…(20 chars)');
    expect(redact('abcdefgh', undefined)).toBe('…(8 chars)');
    // a "prefix" as long as half the value is not shown
    expect(redact('abcdef', /^abc/)).toBe('…(6 chars)');
  });
});
