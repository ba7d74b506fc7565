/**
 * TypeScript view of `schema/secret-manifest.v1.schema.json`. The schema is
 * the source of truth; `types.test.ts` checks every schema property exists here
 * (and vice versa) so the two cannot drift apart.
 */

/** ISO-8601 duration text, e.g. `P30D`. */
export type IsoDuration = string;

export type Environment = 'production' | 'staging' | 'development';
export type Classification = 'critical' | 'high' | 'internal';

export interface Owner {
  team: string;
  handles: string[];
}

export interface EscalationStep {
  after: IsoDuration;
  team?: string;
  assignees?: string[];
}

export interface Oncall {
  team?: string;
  assignees?: string[];
  escalation?: EscalationStep[];
}

/**
 * How the rotator restarts a rolling-restart consumer after a promotion: a
 * GitHub `repository_dispatch` or `workflow_dispatch` to its deploy
 * repository, or a signed HTTPS webhook to its deploy system.
 */
export type RestartTriggerSpec =
  | { kind: 'repository-dispatch'; repository: string; eventType?: string }
  | { kind: 'workflow-dispatch'; repository: string; workflow: string; ref?: string }
  | { kind: 'webhook'; url: string };

export type Reload =
  | { kind: 'live-client'; refreshInterval: IsoDuration }
  | {
      kind: 'rolling-restart';
      deployment: string;
      rolloutDuration: IsoDuration;
      maxUnavailable?: number;
      restartsPerHour?: number;
      trigger?: RestartTriggerSpec;
    }
  | { kind: 'none'; reason: string };

export interface Consumer {
  service: string;
  reload: Reload;
  notes?: string;
}

export type Backend =
  { kind: 'aws-secrets-manager'; name: string; region: string; kmsKeyId?: string } | { kind: 'sops'; path: string };

interface RotationBase {
  cadence: IsoDuration;
  overlap: IsoDuration;
  emergencyOverlap?: IsoDuration;
}

export type Rotation =
  | (RotationBase & {
      kind: 'random-secret';
      strategy: 'alternating' | 'single';
      length: number;
      charset: 'alphanumeric' | 'base64url' | 'hex' | 'ascii-printable';
    })
  | (RotationBase & {
      kind: 'signing-key-pair';
      strategy: 'signing-key';
      algorithm: 'Ed25519' | 'RS256' | 'ES256';
      publishDelay: IsoDuration;
      maxTokenLifetime: IsoDuration;
      verifierCacheTtl: IsoDuration;
    })
  | (RotationBase & { kind: 'google-api-key'; strategy: 'two-key'; project: string; apiTargets: string[] })
  | (RotationBase & { kind: 'aws-iam-access-key'; strategy: 'two-key'; userName: string; accountId?: string })
  | (RotationBase & { kind: 'gcs-hmac-key'; strategy: 'two-key'; project: string; serviceAccountEmail: string })
  | { kind: 'manual'; strategy: 'manual'; procedure: string; cadence?: IsoDuration };

export type RotationKind = Rotation['kind'];
export type RotationStrategy = Rotation['strategy'];

export interface Expiry {
  maxAge?: IsoDuration;
  notAfter?: string;
  warnBefore: IsoDuration[];
}

export interface SecretManifest {
  apiVersion: 'docugen.io/secrets/v1';
  id: string;
  description: string;
  environment: Environment;
  owner: Owner;
  oncall: Oncall;
  classification: Classification;
  consumers: Consumer[];
  backend: Backend;
  rotation: Rotation;
  expiry: Expiry;
  runbook: string;
  /** A smoke-test canary: only such manifests may be rotated by `docugen-secrets smoke`. */
  smoke?: boolean;
  labels?: Record<string, string>;
}
