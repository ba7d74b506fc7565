import { defineRule, type LeakRule } from './define.js';

const FILE = 'cmd/generate/config/rules/github.go';
/** gitleaks allowlists the example tokens in @octokit/auth-token's README for these rules. */
const OCTOKIT_README = /(?:^|\/)@octokit\/auth-token\/README\.md$/;

export const githubPat: LeakRule = defineRule({
  gitleaks: { ruleId: 'github-pat', file: FILE },
  title: 'GitHub personal access token (classic)',
  description:
    'A classic GitHub personal access token (`ghp_` + 36). It acts as its owner on every repository and organisation the scopes allow.',
  severity: 'error',
  keywords: ['ghp_'],
  source: 'ghp_[0-9a-zA-Z]{36}',
  entropy: 3,
  publicPrefix: /^ghp_/,
  exemptPaths: [OCTOKIT_README],
});

export const githubFineGrainedPat: LeakRule = defineRule({
  gitleaks: { ruleId: 'github-fine-grained-pat', file: FILE },
  title: 'GitHub fine-grained personal access token',
  description: 'A fine-grained GitHub personal access token (`github_pat_` + 82).',
  severity: 'error',
  keywords: ['github_pat_'],
  source: String.raw`github_pat_\w{82}`,
  entropy: 3,
  publicPrefix: /^github_pat_/,
});

export const githubOauth: LeakRule = defineRule({
  gitleaks: { ruleId: 'github-oauth', file: FILE },
  title: 'GitHub OAuth access token',
  description: 'A GitHub OAuth app user access token (`gho_` + 36).',
  severity: 'error',
  keywords: ['gho_'],
  source: 'gho_[0-9a-zA-Z]{36}',
  entropy: 3,
  publicPrefix: /^gho_/,
});

export const githubAppToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'github-app-token', file: FILE },
  title: 'GitHub App token',
  description: 'A GitHub App user-to-server (`ghu_`) or installation/server-to-server (`ghs_`) token.',
  severity: 'error',
  keywords: ['ghu_', 'ghs_'],
  source: '(?:ghu|ghs)_[0-9a-zA-Z]{36}',
  entropy: 3,
  publicPrefix: /^gh[us]_/,
  exemptPaths: [OCTOKIT_README],
});

export const githubRefreshToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'github-refresh-token', file: FILE },
  title: 'GitHub refresh token',
  description: 'A GitHub App refresh token (`ghr_` + 36), which mints new user access tokens.',
  severity: 'error',
  keywords: ['ghr_'],
  source: 'ghr_[0-9a-zA-Z]{36}',
  entropy: 3,
  publicPrefix: /^ghr_/,
});
