/**
 * Stable codes for problems the engine finds in policy files (config, waivers,
 * team registry) and for engine failures. Tests and tools match on these.
 */
export type PolicyErrorCode =
  | 'POLICY_FILE_MISSING'
  | 'POLICY_FILE_INVALID'
  | 'POLICY_CONFIG_INVALID'
  | 'POLICY_CONFIG_UNKNOWN_RULE'
  | 'POLICY_OPTIONS_INVALID'
  | 'WAIVER_INVALID'
  | 'WAIVER_MISSING_REASON'
  | 'WAIVER_EXPIRED'
  | 'WAIVER_UNKNOWN_RULE'
  | 'WAIVER_UNUSED'
  | 'POLICY_GIT_FAILED'
  | 'POLICY_RULE_FAILED';
