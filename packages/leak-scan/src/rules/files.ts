import { defineRule, keyAssignment, type LeakRule } from './define.js';

/** `kind: Secret` (not `ExternalSecret`, `SopsSecret` …), quoted or not. */
const K8S_KIND = String.raw`\bkind:[ \t]*["']?secret["']?`;
/** A `key: value` under `data:` whose value is base64 of 10+ characters, a template or empty (the latter two allowlisted). */
const K8S_DATA = String.raw`\bdata:[\s\S]{0,100}?\s+([\w.-]+:(?:[ \t]*(?:\||>[-+]?)\s+)?[ \t]*(?:["']?[a-z0-9]{10,}={0,3}["']?|\{\{[ \t\w"|$:=,.-]+\}\}|""|''))`;

export const kubernetesSecretYaml: LeakRule = defineRule({
  gitleaks: { ruleId: 'kubernetes-secret-yaml', file: 'cmd/generate/config/rules/kubernetes.go' },
  title: 'Kubernetes Secret with data',
  description:
    'A Kubernetes `Secret` manifest (`kind: Secret`, before or after its `data:`) carrying base64 data in a YAML file: base64 is an encoding, not encryption. Empty values and Helm templates are not reported; `ExternalSecret` and `SopsSecret` are other kinds.',
  severity: 'error',
  keywords: ['secret'],
  source: String.raw`(?:${K8S_KIND}[\s\S]{0,200}?${K8S_DATA}|${K8S_DATA}[\s\S]{0,200}?${K8S_KIND})`,
  flags: 'i',
  paths: /\.ya?ml$/i,
  allowlists: [
    { target: 'secret', regexes: [/[\w.-]+:(?:[ \t]*(?:\||>[-+]?)\s+)?[ \t]*(?:\{\{[ \t\w"|$:=,.-]+\}\}|""|'')/] },
  ],
});

/**
 * Not in gitleaks' default rules. A Google service-account key file is JSON
 * with `"type": "service_account"` and a 40-hex `private_key_id` next to the
 * PEM key; the id is the value reported (the PEM block is also a
 * `LEAK-private-key` finding), so the key can be found and disabled in IAM.
 */
export const gcpServiceAccountKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'gcp-service-account-key', file: 'cmd/generate/config/rules/gcp.go', own: true },
  title: 'Google service-account key (JSON)',
  description:
    'A Google Cloud service-account key file (`"type": "service_account"` with a `private_key_id`): it authenticates as the service account until the key is deleted in IAM. The reported value is the key id.',
  severity: 'error',
  keywords: ['service_account'],
  source: String.raw`"type"\s*:\s*"service_account"[\s\S]{0,400}?"private_key_id"\s*:\s*"([a-f0-9]{40})"|"private_key_id"\s*:\s*"([a-f0-9]{40})"[\s\S]{0,400}?"type"\s*:\s*"service_account"`,
  entropy: 3,
});

/** gitleaks' path-only rule: a PKCS#12 / PFX key store is reported by its name alone (it is binary). */
export const pkcs12File: LeakRule = defineRule({
  gitleaks: { ruleId: 'pkcs12-file', file: 'cmd/generate/config/rules/pkcs12.go' },
  title: 'PKCS#12 key store file',
  description:
    'A `.p12` / `.pfx` file: a PKCS#12 bundle of a private key and its certificate chain, usually protected by a weak or shared password. Reported by file name; its content is not read.',
  severity: 'error',
  keywords: [],
  source: '(?!)',
  paths: /(?:^|\/)[^/]+\.p(?:12|fx)$/i,
  pathOnly: true,
});

export const hashicorpTfPassword: LeakRule = defineRule({
  gitleaks: { ruleId: 'hashicorp-tf-password', file: 'cmd/generate/config/rules/hashicorp.go' },
  title: 'Terraform password field',
  description:
    'A quoted literal assigned to `password` or `administrator_login_password` in a Terraform / HCL file (`.tf`, `.hcl`); `var.x` and `${…}` references are not literals.',
  severity: 'error',
  keywords: ['administrator_login_password', 'password'],
  source: keyAssignment('(?:administrator_login_password|password)', '"[a-z0-9=_\\-]{8,20}"'),
  flags: 'i',
  keyPrefix: true,
  entropy: 2,
  paths: /\.(?:tf|hcl)$/i,
});

export const nugetConfigPassword: LeakRule = defineRule({
  gitleaks: { ruleId: 'nuget-config-password', file: 'cmd/generate/config/rules/nuget.go' },
  title: 'NuGet feed password',
  description:
    'A `Password` / `ClearTextPassword` of a package source in a `nuget.config`; `%ENV_VAR%` references and the documentation samples are not reported.',
  severity: 'error',
  keywords: ['<add key='],
  source: String.raw`<add key="(?:(?:ClearText)?Password)"\s*value="(.{8,})"\s*/>`,
  flags: 'i',
  entropy: 1,
  paths: /nuget\.config$/i,
  allowlists: [{ target: 'secret', regexes: [/33f!!lloppa/, /hal\+9ooo_da!sY/, /^%\S.*%$/] }],
});

/** gitleaks' placeholder filters for `curl -u user:password`. */
const CURL_USER_PLACEHOLDERS: readonly RegExp[] = [
  /[^:]+:(?:change(?:it|me)|pass(?:word)?|pwd|test|token|\*+|x+)/,
  /['"]?<[^>]+>['"]?:['"]?<[^>]+>|<[^:]+:[^>]+>['"]?/,
  /[^:]+:\[[^\]]+\]/,
  /['"]?[^:]+['"]?:['"]?\$(?:\d|\w+|\{(?:\d|\w+)\})['"]?/,
  /\$\([^)]+\):\$\([^)]+\)/,
  /['"]?\$?\{\{[^}]+\}\}['"]?:['"]?\$?\{\{[^}]+\}\}['"]?/,
];

export const curlAuthUser: LeakRule = defineRule({
  gitleaks: { ruleId: 'curl-auth-user', file: 'cmd/generate/config/rules/curl.go' },
  title: 'Credentials in curl -u / --user',
  description:
    'A `user:password` pair given to `curl -u` / `--user` (on the same line or up to five continuation lines later). Variables, `$(…)` commands, `<placeholders>` and words like `password`, `changeme`, `test` are not reported.',
  severity: 'error',
  keywords: ['curl'],
  source: String.raw`\bcurl\b(?:.*|.*(?:[\r\n]{1,2}.*){1,5})[ \t\n\r](?:-u|--user)(?:=|[ \t]{0,5})("(:[^"]{3,}|[^:"]{3,}:|[^:"]{3,}:[^"]{3,})"|'([^:']{3,}:[^']{3,})'|((?:"[^"]{3,}"|'[^']{3,}'|[\w$@.-]+):(?:"[^"]{3,}"|'[^']{3,}'|[\w\${}@.-]+)))(?:\s|$)`,
  entropy: 2,
  allowlists: [{ target: 'secret', regexes: CURL_USER_PLACEHOLDERS }],
});

const AUTH_HEADER = String.raw`(?:Authorization:[ \t]{0,5}(?:Basic[ \t]([a-z0-9+/]{8,}={0,3})|(?:Bearer|(?:Api-)?Token)[ \t]([\w=~@.+/-]{8,})|([\w=~@.+/-]{8,}))|(?:(?:X-(?:[a-z]+-)?)?(?:Api-?)?(?:Key|Token)):[ \t]{0,5}([\w=~@.+/-]{8,}))`;

export const curlAuthHeader: LeakRule = defineRule({
  gitleaks: { ruleId: 'curl-auth-header', file: 'cmd/generate/config/rules/curl.go' },
  title: 'Credentials in a curl -H Authorization header',
  description:
    'A token given to curl in an `Authorization: Basic|Bearer|Token …` header or an `X-Api-Key` / `Token` style header (`-H` / `--header`, up to five continuation lines after `curl`).',
  severity: 'error',
  keywords: ['curl'],
  source: String.raw`\bcurl\b(?:.*?|.*?(?:[\r\n]{1,2}.*?){1,5})[ \t\n\r](?:-H|--header)(?:=|[ \t]{0,5})(?:"${AUTH_HEADER}"|'${AUTH_HEADER}')(?:\B|\s|$)`,
  flags: 'i',
  entropy: 2.75,
});
