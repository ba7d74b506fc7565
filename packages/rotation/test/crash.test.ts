import { describe, it } from 'vitest';
import { crashEverywhere, scenarios } from './crash-scenarios.js';

describe.each(scenarios)('crash at every step (in-memory store): $name', (sc) => {
  it('converges after a crash at each checkpoint', async () => {
    await crashEverywhere(sc);
  });
});
