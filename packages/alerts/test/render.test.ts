import { isDocugenError } from '@docugen-secrets/core';
import { describe, expect, it } from 'vitest';
import {
  bodyOf,
  desiredAlerts,
  labelsOf,
  markerOf,
  parseDrift,
  parseMarker,
  parseOutcomes,
  sanitizeMessage,
  titleOf,
} from '../src/index.js';
import { at, entry, manifest } from './fixtures.js';

const M = manifest('places-key');
const [alert] = desiredAlerts([M], [entry(M.id, 'expiring')], undefined, undefined, at(39, 1)).alerts;
if (!alert) throw new Error('fixture: expected an alert');

describe('rendering', () => {
  it('the marker round-trips with the level; foreign bodies have none', () => {
    const body = bodyOf(alert, {});
    expect(body.startsWith(markerOf('places-key', 'expiring'))).toBe(true);
    expect(parseMarker(body)).toEqual({ secretId: 'places-key', kind: 'expiring', level: 2 });
    expect(parseMarker('<!-- docugen-secrets:alert v1 secret=x kind=bogus -->')).toBeUndefined();
    expect(parseMarker('no marker')).toBeUndefined();
  });

  it('title, labels and body say what, since, deadline, what to do and where the runbook is', () => {
    expect(titleOf(alert)).toBe('[secret-alert] places-key: expiring (deadline 2026-07-11)');
    expect(labelsOf(alert)).toEqual(['secret-alert', 'secret:places-key', 'severity:critical', 'kind:expiring']);
    const body = bodyOf(alert, { repoWebUrl: 'https://github.com/o/r', ref: 'main' });
    for (const part of [
      '**Since:** 2026-07-04T00:00:00Z',
      '**Deadline:** 2026-07-11T00:00:00Z',
      '@docugen/platform-oncall @alice @bob',
      'workflow_dispatch',
      '[docs/runbooks/places-key.md](https://github.com/o/r/blob/main/docs/runbooks/places-key.md)',
      'docs/secrets.md#places-key',
    ]) {
      expect(body).toContain(part);
    }
  });

  it('is deterministic: the same alert renders the same body whatever the time of the run', () => {
    const later = desiredAlerts([M], [entry(M.id, 'expiring')], undefined, undefined, at(39, 20)).alerts[0];
    expect(later && bodyOf(later, {})).toBe(bodyOf(alert, {}));
  });
});

describe('sanitizeMessage (table)', () => {
  it.each([
    ['plain words stay', 'quota exceeded for project docugen', 'quota exceeded for project docugen'],
    ['token-like runs are redacted', 'key AIzaSyA1b2C3d4E5f6G7h8 rejected', 'key [redacted] rejected'],
    ['credentials in URLs are redacted', 'GET https://user:pass@host/x failed', 'GET https://[redacted]@host/x failed'],
    ['newlines and backticks are flattened', 'a\nb`c`<img>', "a b'c''img'"],
    ['long lowercase words are kept', 'internationalization-failure', 'internationalization-failure'],
  ])('%s', (_name, input, output) => {
    expect(sanitizeMessage(input)).toBe(output);
  });

  it('bounds the length', () => {
    expect(sanitizeMessage('word '.repeat(200)).length).toBeLessThanOrEqual(300);
  });
});

describe('input files', () => {
  it('outcomes: the rotate --json shape or a bare array; every problem reported at once', () => {
    const text = JSON.stringify({
      version: 1,
      outcomes: [{ secretId: 'a', result: 'failed', at: '2026-06-01T00:00:00Z', failedStep: 'test', attempt: 2 }],
    });
    expect(parseOutcomes(text)).toEqual([
      { secretId: 'a', result: 'failed', at: '2026-06-01T00:00:00Z', failedStep: 'test', attempt: 2 },
    ]);
    let caught: unknown;
    try {
      parseOutcomes(JSON.stringify([{ secretId: 1 }, 'x']));
    } catch (err) {
      caught = err;
    }
    expect(isDocugenError(caught, 'ALERTS_INPUT')).toBe(true);
    expect((caught as Error).message).toContain('[0]');
    expect((caught as Error).message).toContain('[1]');
    expect(() => parseOutcomes('{')).toThrow(/not valid JSON/);
  });

  it('drift findings', () => {
    expect(parseDrift('{"findings":[{"secretId":"a","code":"DRIFT_X","message":"m"}]}')).toEqual([
      { secretId: 'a', code: 'DRIFT_X', message: 'm' },
    ]);
    expect(() => parseDrift('[{"secretId":"a"}]')).toThrow(/needs secretId and code/);
  });
});
