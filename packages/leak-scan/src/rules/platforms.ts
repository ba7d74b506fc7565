import { defineRule, TOKEN_END, type LeakRule } from './define.js';

export const npmAccessToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'npm-access-token', file: 'cmd/generate/config/rules/npm.go' },
  title: 'npm access token',
  description:
    'An npm access token (`npm_` + 36 characters): it publishes packages as its owner (the `//registry.npmjs.org/:_authToken=` line of an `.npmrc`).',
  severity: 'error',
  keywords: ['npm_'],
  source: String.raw`\b(npm_[a-zA-Z0-9]{36})${TOKEN_END}`,
  flags: 'i',
  entropy: 2,
  publicPrefix: /^npm_/i,
});

/**
 * Not in gitleaks' default rules. An Azure storage account key is 64 random
 * bytes in base64 (88 characters ending in `==`); it is found where it is
 * always written: `AccountKey=` in a connection string, or assigned to a name
 * mentioning azure/storage/account and key.
 */
export const azureStorageAccountKey: LeakRule = defineRule({
  gitleaks: { ruleId: 'azure-storage-account-key', file: 'cmd/generate/config/rules/azure.go', own: true },
  title: 'Azure storage account key',
  description:
    'An Azure storage account key (88 base64 characters ending in `==`) in a connection string (`AccountKey=…`) or assigned to a name such as `AZURE_STORAGE_KEY` / `storageAccountKey`: full control of the storage account.',
  severity: 'error',
  keywords: ['accountkey', 'account_key', 'storage', 'azure'],
  source: String.raw`(?:accountkey=|(?:azure|storage|account)[\w.-]{0,30}?key[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|:|=>|:=)[\x60'"\s=]{0,5})([A-Za-z0-9+/]{86}==)(?:[\x60'"\s;,]|\\[nr]|$)`,
  flags: 'i',
  entropy: 4,
});

export const azureAdClientSecret: LeakRule = defineRule({
  gitleaks: { ruleId: 'azure-ad-client-secret', file: 'cmd/generate/config/rules/azure.go' },
  title: 'Azure AD (Entra ID) client secret',
  description:
    'An Azure AD / Entra ID application client secret (three characters, a digit, `Q~`, then 31–34 characters): it signs in as the application.',
  severity: 'error',
  keywords: ['q~'],
  source: String.raw`(?:^|[\\'"\x60\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"\x60\s<),])`,
  entropy: 3,
});

export const vaultServiceToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'vault-service-token', file: 'cmd/generate/config/rules/hashicorp_vault.go' },
  title: 'HashiCorp Vault service token',
  description:
    'A Vault service token: `hvs.` + 90–120 characters (Vault ≥ 1.10) or the legacy `s.` + 24 characters. It reads and writes whatever its policies allow.',
  severity: 'error',
  keywords: ['hvs.', 's.'],
  source: String.raw`\b((?:hvs\.[\w-]{90,120}|s\.[a-zA-Z0-9]{24}))${TOKEN_END}`,
  entropy: 3.5,
  publicPrefix: /^(?:hvs\.|s\.)/,
  allowlists: [{ target: 'secret', regexes: [/s\.[A-Za-z]{24}/] }],
});

export const vaultBatchToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'vault-batch-token', file: 'cmd/generate/config/rules/hashicorp_vault.go' },
  title: 'HashiCorp Vault batch token',
  description:
    'A Vault batch token (`hvb.` + 138–300 characters): a self-contained, unrevocable bearer credential until it expires.',
  severity: 'error',
  keywords: ['hvb.'],
  source: String.raw`\b(hvb\.[\w-]{138,300})${TOKEN_END}`,
  entropy: 4,
  publicPrefix: /^hvb\./,
});

export const onePasswordSecretKey: LeakRule = defineRule({
  gitleaks: { ruleId: '1password-secret-key', file: 'cmd/generate/config/rules/1password.go' },
  title: '1Password secret key',
  description:
    'A 1Password account secret key (`A3-XXXXXX-…`, 34 characters in dashed groups): with the account password it opens every vault of the account.',
  severity: 'error',
  keywords: ['a3-'],
  source: String.raw`\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b`,
  entropy: 3.8,
  publicPrefix: /^A3-/,
});

export const onePasswordServiceAccountToken: LeakRule = defineRule({
  gitleaks: { ruleId: '1password-service-account-token', file: 'cmd/generate/config/rules/1password.go' },
  title: '1Password service account token',
  description:
    'A 1Password service account token (`ops_eyJ…`, 250+ base64 characters): it reads the vaults the service account was granted.',
  severity: 'error',
  keywords: ['ops_'],
  source: String.raw`ops_eyJ[a-zA-Z0-9+/]{250,}={0,3}`,
  entropy: 4,
  publicPrefix: /^ops_/,
});
