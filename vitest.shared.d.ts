import type { UserWorkspaceConfig } from 'vitest/config';
/**
 * One test configuration for every package: sources of sibling packages are
 * resolved through the `@docugen-secrets/source` export condition, so tests
 * never need a prior build, and runs never watch.
 */
export declare function sharedTestConfig(root: string): UserWorkspaceConfig;
//# sourceMappingURL=vitest.shared.d.ts.map