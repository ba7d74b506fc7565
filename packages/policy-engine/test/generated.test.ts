import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

describe('generated validators', () => {
  it.each(['packages/policy-engine/scripts/generate-validators.mjs', 'policies/scripts/generate-validators.mjs'])(
    '%s --check: the committed code matches the schemas',
    (script) => {
      const r = spawnSync(process.execPath, [script, '--check'], { cwd: repoRoot, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
  );
});
