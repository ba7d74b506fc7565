import { defineConfig } from 'vitest/config';

// Root runner: every package is a vitest project; `npm test` runs them in one process tree.
export default defineConfig({
  test: {
    projects: ['packages/*', 'policies'],
  },
});
