/**
 * The one port every secret source implements (AWS Secrets Manager, a SOPS
 * checkout, memory). Split in two so the refresher can be cheap: `versionIds`
 * says which version holds which stage without reading any value (DescribeSecret,
 * a file's stat + clear fields), and `values` is called only for versions the
 * client has not seen yet.
 */

/** A secret value as a source returns it. Binary values stay bytes. */
export type ClientValue =
  { readonly kind: 'string'; readonly value: string } | { readonly kind: 'binary'; readonly value: Uint8Array };

/** Which version holds which stage. `previous` and `pending` only while the store keeps them. */
export interface VersionIds {
  readonly current: string;
  readonly previous?: string;
  readonly pending?: string;
}

export interface SecretSource {
  /** For health output and errors: `aws-secrets-manager`, `sops`, `memory` … */
  readonly kind: string;
  /**
   * Cheap check: the version ids by stage, no value read. Throws a coded
   * error (CLIENT_NOT_FOUND, CLIENT_ACCESS_DENIED, CLIENT_SOURCE_UNAVAILABLE,
   * CLIENT_BAD_VALUE when there is no current version).
   */
  versionIds(id: string): Promise<VersionIds>;
  /**
   * The values of the given versions, by version id. Must return every one
   * asked for, or throw (CLIENT_NOT_FOUND when a version is gone). Never
   * logs or throws a value.
   */
  values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>>;
  /** Releases connections (SDK clients); the client calls it from `close()`. */
  close?(): void;
}

export function sameVersionIds(a: VersionIds | undefined, b: VersionIds): boolean {
  return a !== undefined && a.current === b.current && a.previous === b.previous && a.pending === b.pending;
}
