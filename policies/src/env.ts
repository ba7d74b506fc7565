import type { CodeownersFile } from './codeowners.js';
import type { TeamRegistry } from './teams.js';

/**
 * What DocuGen's rules know besides the manifests, gathered by the check's
 * I/O shell: the team registry, the CODEOWNERS file and how report paths map
 * to repository paths. Absent pieces make the rules that need them stand
 * aside (the missing file is itself reported).
 */
export interface DocugenEnv {
  readonly teams?: TeamRegistry;
  readonly codeowners?: CodeownersFile;
  /** Repository-relative path (forward slashes) of a manifest's display path, or undefined outside the repository. */
  readonly repoPath: (file: string) => string | undefined;
}
