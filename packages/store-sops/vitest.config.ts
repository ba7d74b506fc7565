import { defineProject } from 'vitest/config';

// Sibling packages resolve to their sources through the `@docugen-secrets/source`
// export condition, so tests never need a prior build.
export default defineProject({
  resolve: { conditions: ['@docugen-secrets/source'] },
  ssr: { resolve: { conditions: ['@docugen-secrets/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
