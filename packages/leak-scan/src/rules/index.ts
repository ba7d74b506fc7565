import { awsAccessToken, awsSecretAccessKey, gcpApiKey } from './cloud.js';
import type { LeakRule } from './define.js';
import { genericApiKey } from './generic.js';
import { githubAppToken, githubFineGrainedPat, githubOauth, githubPat, githubRefreshToken } from './github.js';
import { ageSecretKey, jwt, privateKey, stripeAccessToken } from './keys.js';
import { SLACK_RULES } from './slack.js';

/**
 * The rule table, in reporting order: specific formats first, the generic
 * keyword-adjacent rule last (it yields to them on the same line).
 */
export const LEAK_RULES: readonly LeakRule[] = Object.freeze([
  gcpApiKey,
  awsAccessToken,
  awsSecretAccessKey,
  privateKey,
  jwt,
  ageSecretKey,
  githubPat,
  githubFineGrainedPat,
  githubOauth,
  githubAppToken,
  githubRefreshToken,
  ...SLACK_RULES,
  stripeAccessToken,
  genericApiKey,
]);

/** Looks a rule up by our id (`LEAK-…`). */
export function findRule(id: string): LeakRule | undefined {
  return LEAK_RULES.find((r) => r.id === id);
}
