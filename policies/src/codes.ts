/** Stable codes for problems in DocuGen's own policy files (team registry, CODEOWNERS) and the git adapter. */
export type DocugenPolicyCode =
  | 'TEAMS_INVALID'
  | 'TEAMS_DUPLICATE'
  | 'TEAMS_UNKNOWN_MEMBER'
  | 'TEAMS_WRONG_REF'
  | 'POLICY_FILE_MISSING'
  | 'POLICY_GIT_FAILED';
