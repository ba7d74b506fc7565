import { ci, defineRule, keyAssignment, type LeakRule } from './define.js';
import { GENERIC_STOPWORDS } from './stopwords.js';

/**
 * gitleaks' generic identifiers `(?i)access|auth|(?-i:[Aa]pi|API)|credential|
 * creds|key|passw(?:or)?d|secret|token`, spelled without inline flags.
 */
const IDENTIFIERS = [
  ci('access'),
  ci('auth'),
  '[Aa]pi',
  'API',
  ci('credential'),
  ci('creds'),
  ci('key'),
  `${ci('passw')}(?:${ci('or')})?[dD]`,
  ci('secret'),
  ci('token'),
].join('|');

/** `([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})` under gitleaks' `(?i)`. */
const VALUE = String.raw`[\w.=-]{10,150}|[a-zA-Z0-9][a-zA-Z0-9+/]{11,}={0,3}`;
/** gitleaks' terminator under `(?i)`: `\N`/`\R` count as escaped newlines too. */
const END = String.raw`(?:[\x60'"\s;]|\\[nrNR]|$)`;

/**
 * The generic allowlist that tests the whole match (name + value), from
 * config/gitleaks.toml. Its case-sensitive `(?-i:…)` alternatives are split
 * into `MATCH_ALLOW_CASED` below.
 */
const MATCH_ALLOW = new RegExp(
  [
    'access(?:ibility|or)',
    'access[_.-]?id',
    'random[_.-]?access',
    'api[_.-]?(?:id|name|version)',
    'rapid',
    'capital',
    '[a-z0-9-]*?api[a-z0-9-]*?:jar:',
    'author',
    'X-MS-Exchange-Organization-Auth',
    'Authentication-Results',
    '(?:credentials?[_.-]?id|withCredentials)',
    '(?:bucket|foreign|hot|idx|natural|primary|pub(?:lic)?|schema|sequence)[_.-]?key',
    '(?:turkey)',
    'key[_.-]?(?:alias|board|code|frame|id|length|mesh|name|pair|press(?:ed)?|ring|selector|signature|size|stone|storetype|word|up|down|left|right)',
    'key[_.-]?vault[_.-]?(?:id|name)',
    'keyVaultToStoreSecrets',
    'key(?:store|tab)[_.-]?(?:file|path)',
    'issuerkeyhash',
    'keying',
    '(?:secret)[_.-]?(?:length|name|size)',
    'UserSecretsId',
    '(?:csrf)[_.-]?token',
    String.raw`(?:io\.jsonwebtoken[ \t]?:[ \t]?[\w-]+)`,
    '(?:api|credentials|token)[_.-]?(?:endpoint|ur[il])',
    'public[_.-]?token',
    '(?:key|token)[_.-]?file',
  ].join('|'),
  'i',
);

const MATCH_ALLOW_CASED = new RegExp(
  [
    '[DdMm]onkey|[DM]ONKEY',
    String.raw`(?:[A-Z_]+=\n[A-Z_]+=|[a-z_]+=\n[a-z_]+=)(?:\n|$)`,
    String.raw`(?:[A-Z.]+=\n[A-Z.]+=|[a-z.]+=\n[a-z.]+=)(?:\n|$)`,
  ].join('|'),
);

/** Lines gitleaks never reports a generic key on (Docker build secrets, ES imports). */
const LINE_ALLOW = [/--mount=type=secret,/, /import[ \t]+\{[ \t\w,]+\}[ \t]+from[ \t]+['"][^'"]+['"]/];

export const genericApiKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'generic-api-key', file: 'cmd/generate/config/rules/generic.go' },
  title: 'Generic API key or password',
  description:
    'A high-entropy value (Shannon entropy above 3.5 bits/char) assigned to a secret-ish name (`…key`, `…token`, `…secret`, `…password`, `…auth…`, `…credential…`, `api…`). Words, paths and identifiers are filtered by gitleaks’ stopword list.',
  severity: 'warning',
  keywords: ['access', 'api', 'auth', 'key', 'credential', 'creds', 'passwd', 'password', 'secret', 'token'],
  source: keyAssignment(`(?:${IDENTIFIERS})`, VALUE, END),
  entropy: 3.5,
  keyPrefix: true,
  generic: true,
  allowlists: [
    { target: 'secret', regexes: [/^[a-zA-Z_.-]+$/] },
    { target: 'match', regexes: [MATCH_ALLOW, MATCH_ALLOW_CASED], stopwords: GENERIC_STOPWORDS },
    { target: 'line', regexes: LINE_ALLOW },
  ],
});
