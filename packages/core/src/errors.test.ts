import { describe, expect, it } from 'vitest';
import { DocugenError, describeError, isDocugenError } from './index.js';

describe('DocugenError', () => {
  it('keeps code, cause and details', () => {
    const cause = new Error('low level');
    const err = new DocugenError('X_FAILED', 'x failed at a.yaml:1:2', { cause, details: { file: 'a.yaml' } });
    expect(err.code).toBe('X_FAILED');
    expect(err.cause).toBe(cause);
    expect(err.details).toEqual({ file: 'a.yaml' });
    expect(isDocugenError(err, 'X_FAILED')).toBe(true);
    expect(isDocugenError(err, 'OTHER')).toBe(false);
    expect(isDocugenError(new Error('plain'))).toBe(false);
    expect(describeError(err)).toBe('X_FAILED: x failed at a.yaml:1:2');
    expect(describeError('string')).toBe('unknown error');
  });
});
