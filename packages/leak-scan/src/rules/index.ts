import { awsAccessToken, awsSecretAccessKey, gcpApiKey } from './cloud.js';
import type { LeakRule } from './define.js';
import { genericApiKey } from './generic.js';
import { githubAppToken, githubFineGrainedPat, githubOauth, githubPat, githubRefreshToken } from './github.js';
import { ageSecretKey, jwt, privateKey, stripeAccessToken } from './keys.js';
import { passwordAssignment, urlCredentials } from './credentials.js';
import {
  curlAuthHeader,
  curlAuthUser,
  gcpServiceAccountKey,
  hashicorpTfPassword,
  kubernetesSecretYaml,
  nugetConfigPassword,
  pkcs12File,
} from './files.js';
import {
  azureAdClientSecret,
  azureStorageAccountKey,
  npmAccessToken,
  onePasswordSecretKey,
  onePasswordServiceAccountToken,
  vaultBatchToken,
  vaultServiceToken,
} from './platforms.js';
import { SLACK_RULES } from './slack.js';

/**
 * The rule table, in reporting order: specific formats first, the generic
 * keyword-adjacent rules last (they yield to them on the same line, the
 * generic key rule also to the password rule before it).
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
  npmAccessToken,
  azureStorageAccountKey,
  azureAdClientSecret,
  vaultServiceToken,
  vaultBatchToken,
  onePasswordSecretKey,
  onePasswordServiceAccountToken,
  gcpServiceAccountKey,
  kubernetesSecretYaml,
  pkcs12File,
  hashicorpTfPassword,
  nugetConfigPassword,
  curlAuthUser,
  curlAuthHeader,
  urlCredentials,
  passwordAssignment,
  genericApiKey,
]);

/** Looks a rule up by our id (`LEAK-…`). */
export function findRule(id: string): LeakRule | undefined {
  return LEAK_RULES.find((r) => r.id === id);
}
