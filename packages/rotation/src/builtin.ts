import type { RotatorRegistry } from './rotator.js';
import { randomSecretRotator } from './rotators/random-secret.js';
import { signingKeyPairRotator } from './rotators/signing-key-pair.js';

/** The rotators that need no provider: random secrets and signing key pairs. */
export function builtinRotators(): RotatorRegistry {
  return { 'random-secret': randomSecretRotator(), 'signing-key-pair': signingKeyPairRotator() };
}
