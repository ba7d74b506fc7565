import { ALNUM, DIGITS, gen, HEX } from './gen.js';
import { hit, miss, type Row } from './table.js';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const X = 'xo' + 'x';

/** Slack's nine token formats (gitleaks cmd/generate/config/rules/slack.go). */
export function SLACK_TABLE(): Record<string, { hits: Row[]; misses: Row[] }> {
  const bot = `${X}b-${gen(DIGITS, 11)}-${gen(DIGITS, 12)}-${gen(ALNUM, 24)}`;
  const user = `${X}p-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(DIGITS, 12)}-${gen(ALNUM, 32)}`;
  const app = `xapp-1-A${gen(UPPER_ALNUM, 10)}-${gen(DIGITS, 13)}-${gen(HEX, 64)}`;
  const cfg = `${X}e.${X}p-1-${gen(UPPER_ALNUM, 164)}`;
  const refresh = `${X}e-1-${gen(UPPER_ALNUM, 146)}`;
  const legacyBot = `${X}b-${gen(DIGITS, 10)}-${gen(ALNUM, 22)}`;
  const legacy = `${X}s-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(HEX, 64)}`;
  const workspace = `${X}a-2-${gen(ALNUM, 40)}`;
  const hook = `https://hooks.slack.com/services/T${gen(UPPER_ALNUM, 8)}/B${gen(UPPER_ALNUM, 8)}/${gen(ALNUM, 24)}`;
  return {
    'LEAK-slack-bot-token': {
      hits: [hit('env', `SLACK_BOT_TOKEN=${bot}`, bot)],
      misses: [
        miss('9-digit team id', `${X}b-${gen(DIGITS, 9)}-${gen(DIGITS, 12)}-${gen(ALNUM, 24)}`),
        miss('low entropy', `${X}b-${'1'.repeat(10)}-${'1'.repeat(10)}`),
      ],
    },
    'LEAK-slack-user-token': {
      hits: [hit('yaml', `user_token: ${user}`, user)],
      misses: [miss('two number groups', `${X}p-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(ALNUM, 32)}`)],
    },
    'LEAK-slack-app-token': {
      hits: [hit('env', `SLACK_APP_TOKEN=${app}`, app)],
      misses: [miss('no version digit', `xapp-x-A${gen(UPPER_ALNUM, 10)}-${gen(DIGITS, 13)}-${gen(HEX, 64)}`)],
    },
    'LEAK-slack-config-access-token': {
      hits: [hit('config token', `t=${cfg}`, cfg)],
      misses: [miss('100 characters', `${X}e.${X}p-1-${gen(UPPER_ALNUM, 100)}`)],
    },
    'LEAK-slack-config-refresh-token': {
      hits: [hit('refresh token', `t=${refresh}`, refresh)],
      misses: [miss('145 characters', `${X}e-1-${gen(UPPER_ALNUM, 145)}`)],
    },
    'LEAK-slack-legacy-bot-token': {
      hits: [hit('legacy bot', `t=${legacyBot}`, legacyBot)],
      misses: [miss('17 characters', `${X}b-${gen(DIGITS, 10)}-${gen(ALNUM, 17)} `)],
    },
    'LEAK-slack-legacy-token': {
      hits: [hit('legacy', `t=${legacy}`, legacy)],
      misses: [miss('missing a group', `${X}s-${gen(DIGITS, 10)}-${gen(DIGITS, 10)}-${gen(HEX, 64)}`)],
    },
    'LEAK-slack-legacy-workspace-token': {
      hits: [
        hit('workspace', `t=${workspace}`, workspace),
        ((r = `${X}r-${gen(ALNUM, 20)}`) => hit('refresh', `t=${r}`, r))(),
      ],
      misses: [miss('7 characters', `${X}a-${gen(ALNUM, 7)} `), miss('low entropy', `${X}r-${'a'.repeat(8)}`)],
    },
    'LEAK-slack-webhook-url': {
      hits: [hit('incoming webhook', `url: ${hook}`, hook)],
      misses: [
        miss(
          'path too short',
          `https://hooks.slack.com/services/T${gen(UPPER_ALNUM, 8)}/B${gen(UPPER_ALNUM, 8)}/${gen(ALNUM, 20)}`,
        ),
        miss(
          'another host',
          `https://hooks.example.com/services/T${gen(UPPER_ALNUM, 8)}/B${gen(UPPER_ALNUM, 8)}/${gen(ALNUM, 24)}`,
        ),
      ],
    },
  };
}
