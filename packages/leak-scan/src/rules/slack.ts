import { defineRule, type LeakRule } from './define.js';

const FILE = 'cmd/generate/config/rules/slack.go';

export const slackBotToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-bot-token', file: FILE },
  title: 'Slack bot token',
  description:
    'A Slack bot user token (`xoxb-<team>-<bot>-…`): posts and reads as the bot in every channel it was added to.',
  severity: 'error',
  keywords: ['xoxb'],
  source: 'xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*',
  entropy: 3,
  publicPrefix: /^xoxb-/,
});

export const slackUserToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-user-token', file: FILE },
  title: 'Slack user token',
  description: 'A Slack user token (`xoxp-`) or its rotating form (`xoxe-`): acts as the person who installed the app.',
  severity: 'error',
  keywords: ['xoxp-', 'xoxe-'],
  source: 'xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}',
  entropy: 2,
  publicPrefix: /^xox[pe]-/,
});

export const slackAppToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-app-token', file: FILE },
  title: 'Slack app-level token',
  description: 'A Slack app-level token (`xapp-`), used for Socket Mode connections on behalf of the app.',
  severity: 'error',
  keywords: ['xapp'],
  source: String.raw`xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+`,
  flags: 'i',
  entropy: 2,
  publicPrefix: /^xapp-/i,
});

export const slackConfigAccessToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-config-access-token', file: FILE },
  title: 'Slack configuration access token',
  description:
    'A Slack app configuration access token (`xoxe.xoxb-` / `xoxe.xoxp-`), which can create and change apps.',
  severity: 'error',
  keywords: ['xoxe.xoxb-', 'xoxe.xoxp-'],
  source: String.raw`xoxe.xox[bp]-\d-[A-Z0-9]{163,166}`,
  flags: 'i',
  entropy: 2,
  publicPrefix: /^xoxe.xox[bp]-/i,
});

export const slackConfigRefreshToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-config-refresh-token', file: FILE },
  title: 'Slack configuration refresh token',
  description: 'A Slack app configuration refresh token (`xoxe-` + 146), which mints new configuration access tokens.',
  severity: 'error',
  keywords: ['xoxe-'],
  source: String.raw`xoxe-\d-[A-Z0-9]{146}`,
  flags: 'i',
  entropy: 2,
  publicPrefix: /^xoxe-/i,
});

export const slackLegacyBotToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-legacy-bot-token', file: FILE },
  title: 'Slack legacy bot token',
  description: 'A Slack bot token in the legacy format (`xoxb-<id>-<18–26 alphanumerics>`).',
  severity: 'error',
  keywords: ['xoxb'],
  source: 'xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}',
  entropy: 2,
  publicPrefix: /^xoxb-/,
});

export const slackLegacyToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-legacy-token', file: FILE },
  title: 'Slack legacy token',
  description: 'A Slack legacy token (`xoxo-` / `xoxs-`).',
  severity: 'error',
  keywords: ['xoxo', 'xoxs'],
  source: String.raw`xox[os]-\d+-\d+-\d+-[a-fA-F\d]+`,
  entropy: 2,
  publicPrefix: /^xox[os]-/,
});

export const slackLegacyWorkspaceToken: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-legacy-workspace-token', file: FILE },
  title: 'Slack legacy workspace token',
  description: 'A Slack legacy workspace app token (`xoxa-`) or refresh token (`xoxr-`).',
  severity: 'error',
  keywords: ['xoxa', 'xoxr'],
  source: String.raw`xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}`,
  entropy: 2,
  publicPrefix: /^xox[ar]-/,
});

export const slackWebhookUrl: LeakRule = defineRule({
  gitleaks: { ruleId: 'slack-webhook-url', file: FILE },
  title: 'Slack incoming webhook URL',
  description: 'A Slack incoming webhook / workflow trigger URL: anyone holding it can post into the channel.',
  severity: 'error',
  keywords: ['hooks.slack.com'],
  source: String.raw`(?:https?://)?hooks.slack.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}`,
  publicPrefix: /^(?:https?:\/\/)?hooks.slack.com\/(?:services|workflows|triggers)\//,
});

export const SLACK_RULES: readonly LeakRule[] = [
  slackBotToken,
  slackUserToken,
  slackAppToken,
  slackConfigAccessToken,
  slackConfigRefreshToken,
  slackLegacyBotToken,
  slackLegacyToken,
  slackLegacyWorkspaceToken,
  slackWebhookUrl,
];
