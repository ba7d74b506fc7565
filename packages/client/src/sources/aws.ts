import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { DocugenError } from '@docugen-secrets/core';
import { clientError, type ClientErrorCode } from '../errors.js';
import type { ClientValue, SecretSource, VersionIds } from '../source.js';

export interface AwsSourceOptions {
  /** Secret id (manifest id) → SecretId (name or ARN) in Secrets Manager. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly region: string;
  /** A custom endpoint, e.g. the local Secrets Manager server. */
  readonly endpoint?: string;
  /** Default: the SDK's provider chain (the service's role). */
  readonly credentials?: SecretsManagerClientConfig['credentials'];
  /** Attempts per call inside one refresh (the client retries across refreshes with backoff). Default 2. */
  readonly maxAttempts?: number;
}

/** AWS error names by client code; everything else is CLIENT_SOURCE_UNAVAILABLE. */
const CODES: Readonly<Record<string, ClientErrorCode>> = {
  ResourceNotFoundException: 'CLIENT_NOT_FOUND',
  AccessDeniedException: 'CLIENT_ACCESS_DENIED',
  DecryptionFailure: 'CLIENT_ACCESS_DENIED',
  UnrecognizedClientException: 'CLIENT_ACCESS_DENIED',
};

/**
 * The stages of DescribeSecret's VersionIdsToStages, read as the rotation's
 * store adapter writes them: AWSPENDING left on the current or previous
 * version is the mark of a finished rotation, not a pending version
 * (see packages/store-aws labels.ts); custom labels (DOCUGEN_RETIRED,
 * DOCUGEN_FAILED) hold no stage.
 */
export function stagesFromLabels(map: Readonly<Record<string, readonly string[]>>): Partial<VersionIds> {
  const out: { current?: string; previous?: string; pending?: string } = {};
  for (const [versionId, labels] of Object.entries(map)) {
    const current = labels.includes('AWSCURRENT');
    const previous = labels.includes('AWSPREVIOUS');
    if (current) out.current = versionId;
    if (previous) out.previous = versionId;
    if (labels.includes('AWSPENDING') && !current && !previous) out.pending = versionId;
  }
  return out;
}

/**
 * AWS Secrets Manager as a client source: the cheap check is DescribeSecret
 * (`VersionIdsToStages`, no value, no KMS decrypt), values come from
 * GetSecretValue by VersionId only for versions the client lacks.
 */
export class AwsSource implements SecretSource {
  readonly kind = 'aws-secrets-manager';
  readonly #sm: SecretsManagerClient;
  readonly #names: Readonly<Record<string, string>>;

  constructor(o: AwsSourceOptions) {
    this.#names = o.secrets;
    this.#sm = new SecretsManagerClient({
      region: o.region,
      maxAttempts: o.maxAttempts ?? 2,
      ...(o.endpoint === undefined ? {} : { endpoint: o.endpoint }),
      ...(o.credentials === undefined ? {} : { credentials: o.credentials }),
    });
  }

  async versionIds(id: string): Promise<VersionIds> {
    const out = await this.#call(id, 'DescribeSecret', () =>
      this.#sm.send(new DescribeSecretCommand({ SecretId: this.#name(id) })),
    );
    const stages = stagesFromLabels(out.VersionIdsToStages ?? {});
    if (stages.current === undefined)
      throw clientError('CLIENT_BAD_VALUE', `secret "${id}" has no AWSCURRENT version`, { details: { secretId: id } });
    return { ...stages, current: stages.current };
  }

  async values(id: string, versionIds: readonly string[]): Promise<ReadonlyMap<string, ClientValue>> {
    const pairs = await Promise.all(
      versionIds.map(async (v) => {
        const out = await this.#call(id, 'GetSecretValue', () =>
          this.#sm.send(new GetSecretValueCommand({ SecretId: this.#name(id), VersionId: v })),
        );
        if (out.SecretString !== undefined) return [v, { kind: 'string', value: out.SecretString }] as const;
        if (out.SecretBinary !== undefined) return [v, { kind: 'binary', value: out.SecretBinary }] as const;
        throw clientError('CLIENT_BAD_VALUE', `secret "${id}" version ${v} holds no value`, {
          details: { secretId: id, versionId: v },
        });
      }),
    );
    return new Map<string, ClientValue>(pairs);
  }

  close(): void {
    this.#sm.destroy();
  }

  #name(id: string): string {
    const name = this.#names[id];
    if (name === undefined)
      throw clientError(
        'CLIENT_BAD_OPTIONS',
        `secret "${id}" has no Secrets Manager name in the AWS source's secrets map`,
        { details: { secretId: id } },
      );
    return name;
  }

  /** One SDK call; its failure becomes a coded error with the AWS error name, never the response text. */
  async #call<T>(id: string, op: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DocugenError) throw err;
      const name = err instanceof Error ? err.name : 'unknown';
      const code = CODES[name] ?? 'CLIENT_SOURCE_UNAVAILABLE';
      throw clientError(code, `secret "${id}": ${op} failed (${name})`, {
        cause: err,
        details: { secretId: id, operation: op, awsError: name },
      });
    }
  }
}
