import { readFileSync } from 'node:fs';
import { type RandomSource } from '@docugen-secrets/core';
import { MemoryLogger } from '@docugen-secrets/test-support';
import { loadManifestText, type SecretManifest } from '@docugen-secrets/manifest';
import type { SecretValue } from '@docugen-secrets/secret-store';
import { expect } from 'vitest';
import type { RotatorContext } from '../../src/rotators/port.js';
import type { RetryPolicy } from '../../src/rotators/upstream/retry.js';

/** One of DocuGen's real manifests from secrets-manifests/. */
export function realManifest(id: string): SecretManifest {
  const file = new URL(`../../../../secrets-manifests/${id}.yaml`, import.meta.url);
  const loaded = loadManifestText(`${id}.yaml`, readFileSync(file, 'utf8'));
  if (!loaded.manifest)
    throw new Error(`manifest ${id} does not load: ${loaded.findings.map((f) => f.ruleId).join(', ')}`);
  return loaded.manifest;
}

const fixedRandom: RandomSource = {
  bytes: (n) => new Uint8Array(n).fill(7),
  uuid: () => '00000000-0000-4000-8000-000000000000',
};

export function contextFor(
  manifest: SecretManifest,
  logger = new MemoryLogger(),
  emergency = false,
): RotatorContext & { logger: MemoryLogger } {
  return { manifest, now: new Date('2025-06-01T00:00:00Z'), random: fixedRandom, logger, emergency };
}

/** Retries without sleeping, so fault and propagation tests stay fast. */
export function noWaitPolicy(attempts: number): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    attempts,
    baseDelayMs: 1,
    maxDelayMs: 4,
    waits,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

/** The fields of a stored JSON value. */
export function fieldsOf(value: SecretValue): Record<string, string> {
  if (value.kind !== 'string') throw new Error('expected a string value');
  return JSON.parse(value.value) as Record<string, string>;
}

/** Everything an error would show anywhere: messages, details and causes, to depth 5. */
export function errorText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; depth++) {
    if (e instanceof Error) {
      parts.push(e.name, e.message, JSON.stringify((e as { details?: unknown }).details ?? {}));
      e = e.cause;
    } else {
      parts.push(typeof e === 'string' ? e : JSON.stringify(e));
      e = undefined;
    }
  }
  return parts.join('\n');
}

/** Proves no issued secret (canaries of the fakes) appears in `texts`. */
export function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  expect(secrets.length).toBeGreaterThan(0);
  for (const text of texts) {
    for (const secret of secrets)
      expect(text.includes(secret), 'a secret value leaked into a log or error').toBe(false);
  }
  expect(texts.join('\n')).not.toMatch(/canary/i);
}

/** Runs `fn`, expecting it to throw, and returns the error. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
