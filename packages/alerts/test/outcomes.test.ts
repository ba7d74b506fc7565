import { canary } from '@docugen-secrets/test-support';
import type { RotationResult } from '@docugen-secrets/rotation';
import { describe, expect, it } from 'vitest';
import { outcomesOf } from '../src/index.js';

const AT = new Date('2026-06-01T00:00:00Z');
const result = (over: Partial<RotationResult>): RotationResult => ({
  secretId: 'places-key',
  kind: 'error',
  reason: 'x',
  steps: [],
  emergency: false,
  ...over,
});

describe("outcomesOf: a run's results as the value-free outcomes file", () => {
  it('an error keeps its step and code; the message drops the code prefix and redacts token-like text', () => {
    const value = canary('provider');
    const [o] = outcomesOf(
      [
        result({
          errorCode: 'ROTATION_PROVIDER_FAILED',
          failedStep: 'set',
          reason: `ROTATION_PROVIDER_FAILED: Places answered 500 (echo ${value})`,
        }),
      ],
      AT,
      { attempt: 2 },
    );
    expect(o).toMatchObject({ result: 'error', failedStep: 'set', errorCode: 'ROTATION_PROVIDER_FAILED', attempt: 2 });
    expect(o?.message).toMatch(/^Places answered 500/);
    expect(JSON.stringify(o)).not.toContain(value);
  });

  it('a failed test is step "test" with ROTATION_TEST_FAILED; a success carries no failure fields', () => {
    const [failed, ok] = outcomesOf([result({ kind: 'failed' }), result({ kind: 'rotated', secretId: 'b' })], AT);
    expect(failed).toMatchObject({ failedStep: 'test', errorCode: 'ROTATION_TEST_FAILED' });
    expect(ok).toEqual({ secretId: 'b', result: 'rotated', at: AT.toISOString() });
  });
});
