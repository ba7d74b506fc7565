import type { RotatorRegistry } from './port.js';
import { randomSecretRotator } from './random-secret.js';
import { signingKeyPairRotator } from './signing-key-pair.js';

/** The rotators that need no provider: random secrets and signing key pairs. */
export function builtinRotators(): RotatorRegistry {
  return { 'random-secret': randomSecretRotator(), 'signing-key-pair': signingKeyPairRotator() };
}
