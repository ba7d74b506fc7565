import type { ValueObserver } from '@docugen-secrets/runner';
import { valueEncodings } from '@docugen-secrets/runner';
import type { ActionCore } from './core-port.js';

/**
 * The CI value observer: every value the run sees is registered with
 * `setSecret` — itself and each encoding it could be printed in (base64,
 * base64url, hex, JSON-escaped, its lines) — the moment it exists, before
 * any log line could carry it. Never throws, never keeps the value.
 */
export function maskingObserver(core: Pick<ActionCore, 'setSecret'>): ValueObserver {
  return {
    reveal: (value) => {
      for (const form of valueEncodings(value)) core.setSecret(form);
    },
  };
}
