import { ci, defineRule, type LeakRule } from './define.js';

/**
 * Values that stand for a password instead of being one: template and shell
 * references, placeholders and code. Tested against the whole value, as
 * trufflehog's URI detector and gitleaks' curl rule filter theirs.
 */
const PLACEHOLDER_VALUES: readonly RegExp[] = [
  /^[a-zA-Z_.-]+$/, // a word, an identifier, `config.db.password`
  /^\d+$/,
  /^\$\{?[A-Za-z_][\w.:-]*\}?$/, // `$VAR`, `${VAR}`, `${env:VAR}`
  /^%[A-Za-z_]\w*%$|^@[A-Za-z_]\w*@$/, // `%VAR%`, `@VAR@`
  /^(?:<[^>]*>?|\[[^\]]*\]?|\([^)]*\)?|[*&][\w-]+)$/, // `<password>`, `[REDACTED]`, `(required)`, YAML `*alias` / `&anchor`
  /\$\{|\{\{|<%|%\(|\(|\$\(/, // a template, a call or a command substitution anywhere in it
  /^ENC\[/, // a SOPS-encrypted value
  /:\/\//, // a URL (its credentials are LEAK-url-credentials' business), e.g. after `<user:password> https://…`
  /^[\w.-]+:$/, // the next key of a mapping, not a value
  /^[A-Za-z0-9_.-]+$/, // no symbol at all: left to LEAK-generic-api-key, whose entropy rules fit such values
  /^(?:process|os|env|var|vars|config|settings|self|this|opts|options|props|params|secrets|values|ctx|context|request|req)[.[]/i,
  /^(?:vault|ref\+\w+|op|sm|ssm|arn):/i, // secret references (Vault paths, vals refs, 1Password op://, ARNs)
  /^(.)\1+$/, // one character repeated
];

/** Words that mark a value as an example (lower case, anywhere in it). */
const PLACEHOLDER_WORDS = [
  'changeme',
  'changeit',
  'change_me',
  'change-me',
  'password',
  'passwd',
  'example',
  'placeholder',
  'your',
  'dummy',
  'sample',
  'redacted',
  'fake',
  'xxxx',
  '****',
  'secret',
  'hunter2',
];

/** Names that hold facts about passwords (rules, lengths, files, prompts), not a password. */
const NOT_A_PASSWORD_NAME = new RegExp(
  String.raw`(?:passw(?:or)?d|pass|pwd)[_.-]?(?:length|len|policy|min|max|hash|rules?|regex|pattern|reset|expir\w*|field|label|prompt|hint|strength|file|path|env|var|key|required|confirm\w*|changed?|age|history|digest|salt|algorithm|ref|name|type|enabled|auth)|(?<![a-z])(?:min|max|confirm|new|old|reset|check|verify|validate|hash|by|com|sur)[_.-]?pass`,
  'i',
);

/** `password`, `passwd`, `passphrase`, and `pass` / `pwd` as a whole word or name suffix (not `passes`, `bypassed`), in any case. */
const PASSWORD_NAMES = [
  `${ci('passw')}(?:${ci('or')})?[dD]`,
  ci('passphrase'),
  `${ci('pass')}(?![a-zA-Z])`,
  `${ci('pwd')}(?![a-zA-Z])`,
].join('|');

/** A password as written unquoted or quoted: no blanks, quotes, `;`, `,`, `<` or `\` (they end it in the formats it lives in). */
const PASSWORD_VALUE = String.raw`[^\s'"\x60;,<\\]{8,128}`;

/**
 * gitleaks' key-assignment shape (`keyAssignment`) on one line and without
 * the `,` and `||` operators, which in code join arguments (`f('pass', x)`).
 */
function assignment(identifier: string, secret: string, end: string): string {
  return String.raw`${identifier}(?:[ \t\w.-]{0,20})[ \t'"]{0,3}(?:=|>|:{1,3}=|:|=>|\?=)[\x60'" \t=]{0,5}(${secret})${end}`;
}
const PASSWORD_END = String.raw`(?:[\x60'"\s;,<)]|\\[nrNR]|$)`;

/**
 * Not in gitleaks' default rules: its generic rule only takes values of word
 * characters, so a password with any of `#$!@*` next to `password:` went
 * unseen. Keyed like gitleaks' semi-generic rules, filtered like trufflehog's
 * detectors (entropy, placeholders, references, example words).
 */
export const passwordAssignment: LeakRule = defineRule({
  gitleaks: { ruleId: 'password-assignment', file: 'cmd/generate/config/rules/generic.go', own: true },
  title: 'Password assignment',
  description:
    'A literal password (8–128 characters, any symbols) assigned to a name such as `password`, `passwd`, `pwd`, `pass` or `passphrase` in YAML, JSON, env files, INI, properties, XML, connection strings or code. References (`${VAR}`, `process.env.X`, `{{ .Values.x }}`), placeholders (`changeme`, `<password>`, `****`) and low-entropy words are not reported.',
  severity: 'warning',
  keywords: ['pass', 'pwd'],
  source: assignment(`(?:${PASSWORD_NAMES})`, PASSWORD_VALUE, PASSWORD_END),
  entropy: 2.5,
  keyPrefix: true,
  generic: true,
  allowlists: [
    { target: 'secret', regexes: PLACEHOLDER_VALUES, stopwords: PLACEHOLDER_WORDS },
    { target: 'match', regexes: [NOT_A_PASSWORD_NAME] },
  ],
});

/** Passwords in URLs that are examples or references: `pass`, `changeme`, `${X}`, `$X`, `<x>`, `{x}`, `%(x)s`, `****`. */
const URL_PLACEHOLDERS: readonly RegExp[] = [
  /^(?:pass|pwd|passwd|password|secret|guest|test|user)$/i,
  /^[$%{<*[(]/,
  /\$\{|\{\{|%\(/,
  /^(.)\1+$/,
];

/**
 * Not in gitleaks' default rules (it has provider-specific URL rules only):
 * `scheme://user:password@host` for any scheme (postgres, mysql, redis,
 * mongodb+srv, amqp, https, ftp …), the password as the secret. Filtered like
 * trufflehog's URI detector: placeholders and references are not reported.
 */
export const urlCredentials: LeakRule = defineRule({
  gitleaks: { ruleId: 'url-credentials', file: 'cmd/generate/config/rules/generic.go', own: true },
  title: 'Password in a URL',
  description:
    'A password in the user-info part of a URL (`postgres://app:…@db:5432/app`, `redis://:…@host`, `https://user:…@host`). Placeholders (`password`, `changeme`, `****`), variables (`${DB_PASSWORD}`, `$PASS`) and templates are not reported.',
  severity: 'error',
  keywords: ['://'],
  source: String.raw`\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:@/'"\x60<>]{0,64}:([^\s@/'"\x60<>]{3,128})@[\w.\[\]-]`,
  entropy: 2,
  allowlists: [{ target: 'secret', regexes: URL_PLACEHOLDERS, stopwords: PLACEHOLDER_WORDS }],
});
