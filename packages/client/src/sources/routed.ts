import { clientError } from '../errors.js';
import type { ClientValue, SecretSource, VersionIds } from '../source.js';

/**
 * One source over several: each secret id is read from the source its
 * manifest's backend names (a service whose signing key lives in SOPS and
 * its API keys in Secrets Manager uses one client over both).
 */
export class RoutedSource implements SecretSource {
  readonly kind: string;
  readonly #routes: ReadonlyMap<string, SecretSource>;

  /** `routes`: secret id → the source that holds it. */
  constructor(routes: Readonly<Record<string, SecretSource>>) {
    this.#routes = new Map(Object.entries(routes));
    this.kind = [...new Set([...this.#routes.values()].map((s) => s.kind))].sort().join('+');
  }

  versionIds(id: string): Promise<VersionIds> {
    return this.#of(id).versionIds(id);
  }

  values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>> {
    return this.#of(id).values(id, versionIds);
  }

  close(): void {
    for (const s of new Set(this.#routes.values())) s.close?.();
  }

  #of(id: string): SecretSource {
    const s = this.#routes.get(id);
    if (!s)
      throw clientError('CLIENT_BAD_OPTIONS', `secret "${id}" has no source in the routed source`, {
        details: { secretId: id },
      });
    return s;
  }
}
