import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { isDocugenError } from '@docugen-secrets/core';
import {
  checkToken,
  type CreateOptions,
  type PutResult,
  recordStoreCall,
  sameValue,
  type SecretDescription,
  type SecretRef,
  type SecretStore,
  type SecretValue,
  type Stage,
  storeError,
  valueTexts,
  type VersionInfo,
} from '@docugen-secrets/secret-store';
import { AwsClients, type AwsStoreConfig } from './client.js';
import { mapAwsError, sdkMetadata, type AwsCallContext } from './errors.js';
import { STAGE_LABEL, labelHolder, stagesOf, toVersionInfo, type AwsVersion } from './labels.js';
import { awsTarget, fromAwsValue, tagList, tagRecord, toAwsValue } from './convert.js';
import { moveApplied, planMarkFailed, planPromote, planPutPending, planRetire, type LabelMove } from './plans.js';
import { ID_TAG, PROMOTED_TAG, lastCurrentMove, promotedAt, promotedTagValue, promotionTime } from './promotion.js';

type Out = {
  readonly $metadata: {
    readonly requestId?: string | undefined;
    readonly attempts?: number | undefined;
    readonly httpStatusCode?: number | undefined;
  };
  readonly ARN?: string | undefined;
};

/**
 * The SecretStore over AWS Secrets Manager. Stages are AWS staging labels;
 * the version id of a pending version is its ClientRequestToken, so a rerun
 * after a crash (same `rotationToken(secretId, slot)`) replays instead of
 * creating a second version. Decisions (is a rotation in progress? which
 * labels to move?) are pure plans over the listed versions (`plans.ts`).
 *
 * Which AWS documentation each behaviour follows (API reference,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/):
 * - putPending: PutSecretValue with ClientRequestToken = token and
 *   VersionStages [AWSPENDING]. "If a version with a VersionId with the same
 *   value as the ClientRequestToken parameter already exists, and you specify
 *   the same secret data, the operation succeeds but does nothing. However, if
 *   the secret data is different, then the operation fails" (API_PutSecretValue),
 *   which makes SDK retries and reruns safe.
 * - promote / markFailed / retire: UpdateSecretVersionStage, naming
 *   RemoveFromVersionId whenever the label sits on another version ("you must
 *   include this parameter … or the operation fails"); AWSPREVIOUS follows
 *   AWSCURRENT by itself ("Whenever you move AWSCURRENT, Secrets Manager
 *   automatically moves the label AWSPREVIOUS", API_UpdateSecretVersionStage).
 *   A rotation is therefore two writes in the PutSecretValue /
 *   UpdateSecretVersionStage quota (plans.ts), the minimum AWS allows.
 * - lost responses: a label move whose response was lost (or whose SDK retry
 *   is refused because the first attempt already moved the label) is checked
 *   against the labels as they are now, and counts as done when it is.
 * - listing: ListSecretVersionIds with IncludeDeprecated (spent tokens of
 *   unlabelled versions stay visible) and NextToken until absent ("If there
 *   are more results available, in the response, Secrets Manager includes
 *   NextToken", MaxResults); a page may be short, so only NextToken ends the loop.
 * - create: CreateSecret with KmsKeyId from the manifest ("If you don't
 *   specify this value, then Secrets Manager uses the key aws/secretsmanager"),
 *   Tags (owner and manifest id) and the first version as AWSCURRENT.
 * - lastRotatedAt: see promotion.ts (LastRotatedDate is for managed rotation only).
 * - retries and quotas: see client.ts.
 */
export class AwsSecretsManagerStore implements SecretStore {
  readonly kind = 'aws-secrets-manager' as const;
  readonly #clients: AwsClients;

  constructor(config: AwsStoreConfig) {
    this.#clients = new AwsClients(config);
  }

  /** Closes the HTTP connections of every client. */
  close(): void {
    this.#clients.destroy();
  }

  async describe(ref: SecretRef): Promise<SecretDescription> {
    let out;
    try {
      out = await this.#call(ref, 'DescribeSecret', { notFound: 'secret' }, (c) =>
        c.send(new DescribeSecretCommand({ SecretId: awsTarget(ref).name })),
      );
    } catch (err) {
      if (isDocugenError(err, 'STORE_NOT_FOUND')) return { ref, exists: false, tags: {}, versions: [] };
      throw err;
    }
    const versions = await this.#versions(ref);
    const tags = tagRecord(out.Tags);
    const rotated = promotionTime({
      tags,
      versions,
      lastChangedDate: out.LastChangedDate,
      lastRotatedDate: out.LastRotatedDate,
    });
    return {
      ref,
      exists: true,
      ...(out.CreatedDate ? { createdAt: out.CreatedDate } : {}),
      ...(out.LastChangedDate ? { lastChangedAt: out.LastChangedDate } : {}),
      ...(rotated ? { lastRotatedAt: rotated } : {}),
      tags,
      versions: versions.map(toVersionInfo),
    };
  }

  async create(ref: SecretRef, options: CreateOptions = {}): Promise<void> {
    const target = awsTarget(ref);
    if (options.token !== undefined) checkToken(ref, options.token);
    const ctx: AwsCallContext = {
      notFound: 'secret',
      exists: 'secret',
      secretTexts: options.initialValue ? valueTexts(options.initialValue) : [],
    };
    await this.#call(ref, 'CreateSecret', ctx, (c) =>
      c.send(
        new CreateSecretCommand({
          Name: target.name,
          ...(options.description === undefined ? {} : { Description: options.description }),
          ...(target.kmsKeyId === undefined ? {} : { KmsKeyId: target.kmsKeyId }),
          Tags: tagList({ ...options.tags, [ID_TAG]: ref.id }),
          ...(options.token === undefined ? {} : { ClientRequestToken: options.token }),
          ...(options.initialValue ? toAwsValue(options.initialValue) : {}),
        }),
      ),
    );
  }

  async getValue(
    ref: SecretRef,
    stage: Stage,
  ): Promise<{ readonly versionId: string; readonly value: SecretValue } | undefined> {
    const read = await this.#read(ref, { VersionStage: STAGE_LABEL[stage] }, { notFound: 'version' }).catch(
      async (err: unknown) => {
        if (!isDocugenError(err, 'STORE_VERSION_NOT_FOUND')) throw err;
        await this.#versions(ref); // throws STORE_NOT_FOUND when the secret itself is missing
        return undefined;
      },
    );
    if (!read) return undefined;
    // A pending label left on the current version is a finished rotation, not a pending value.
    if (!stagesOf(read.labels).includes(stage)) return undefined;
    return { versionId: read.versionId, value: read.value };
  }

  async getVersion(ref: SecretRef, versionId: string): Promise<SecretValue> {
    try {
      return (await this.#read(ref, { VersionId: versionId }, { notFound: 'version', versionId })).value;
    } catch (err) {
      if (isDocugenError(err, 'STORE_VERSION_NOT_FOUND')) await this.#versions(ref);
      throw err;
    }
  }

  async putPending(ref: SecretRef, value: SecretValue, token: string): Promise<PutResult> {
    checkToken(ref, token);
    const plan = planPutPending(ref, await this.#versions(ref), token);
    if (plan.kind === 'replay') {
      const stored = await this.getVersion(ref, token);
      if (!sameValue(stored, value))
        throw storeError(
          'STORE_TOKEN_CONFLICT',
          ref,
          `secret "${ref.id}": token ${token} was already used with a different value; a token identifies exactly one value`,
          { details: { step: 'putPending', versionId: token } },
        );
      return { versionId: token, created: false };
    }
    const ctx: AwsCallContext = {
      notFound: 'secret',
      exists: 'token',
      secretTexts: valueTexts(value),
      versionId: token,
      token,
    };
    const out = await this.#call(ref, 'PutSecretValue', ctx, (c) =>
      c.send(
        new PutSecretValueCommand({
          SecretId: awsTarget(ref).name,
          ClientRequestToken: token,
          VersionStages: [STAGE_LABEL.pending],
          ...toAwsValue(value),
        }),
      ),
    );
    await this.#confirmPending(ref, out.VersionId ?? token);
    return { versionId: out.VersionId ?? token, created: true };
  }

  /** One UpdateSecretVersionStage (plans.ts); when it ran is read back from the labels later (promotion.ts). */
  async promote(ref: SecretRef, versionId: string): Promise<void> {
    await this.#apply(ref, versionId, planPromote(ref, await this.#versions(ref), versionId));
  }

  async markFailed(ref: SecretRef, versionId: string): Promise<void> {
    await this.#apply(ref, versionId, planMarkFailed(ref, await this.#versions(ref), versionId));
  }

  async retire(ref: SecretRef, versionId: string): Promise<void> {
    const versions = await this.#versions(ref);
    const moves = planRetire(ref, versions, versionId);
    if (moves.length > 0) await this.#keepPromotionTime(ref, versions);
    await this.#apply(ref, versionId, moves);
  }

  async listVersions(ref: SecretRef): Promise<readonly VersionInfo[]> {
    return (await this.#versions(ref)).map(toVersionInfo);
  }

  /**
   * Two rotators can both see "no pending version" and both put: AWS moves
   * AWSPENDING to the later one. Re-reading the labels after the put lets the
   * loser find out and refuse instead of promoting a version it doesn't own.
   */
  async #confirmPending(ref: SecretRef, versionId: string): Promise<void> {
    const holderNow = labelHolder(await this.#versions(ref), STAGE_LABEL.pending);
    if (holderNow?.versionId !== versionId) {
      throw storeError(
        'STORE_ROTATION_IN_PROGRESS',
        ref,
        `secret "${ref.id}": another rotation staged version ${holderNow?.versionId ?? '(none)'} at the same time; this run stops, the other one continues`,
        {
          details: { step: 'putPending', versionId },
        },
      );
    }
  }

  /**
   * A retire moves labels, after which LastChangedDate no longer dates the
   * promotion (promotion.ts): while it still does, record what `describe`
   * reports now in the tag first. Off the rotation's hot path (once per
   * overlap, in the tag quota); skipped when the tag already says it (a rerun).
   */
  async #keepPromotionTime(ref: SecretRef, versions: readonly AwsVersion[]): Promise<void> {
    const current = labelHolder(versions, STAGE_LABEL.current);
    if (!current || lastCurrentMove(versions) === undefined) return;
    const name = awsTarget(ref).name;
    const out = await this.#call(ref, 'DescribeSecret', { notFound: 'secret' }, (c) =>
      c.send(new DescribeSecretCommand({ SecretId: name })),
    );
    const tags = tagRecord(out.Tags);
    const at = promotionTime({
      tags,
      versions,
      lastChangedDate: out.LastChangedDate,
      lastRotatedDate: out.LastRotatedDate,
    });
    if (at === undefined || promotedAt(tags, current.versionId)?.getTime() === at.getTime()) return;
    const Tags = tagList({ [PROMOTED_TAG]: promotedTagValue(current.versionId, at) });
    await this.#call(ref, 'TagResource', { notFound: 'secret', versionId: current.versionId }, (c) =>
      c.send(new TagResourceCommand({ SecretId: name, Tags })),
    );
  }

  async #apply(ref: SecretRef, versionId: string, moves: readonly LabelMove[]): Promise<void> {
    for (const m of moves) await this.#move(ref, versionId, m);
  }

  /**
   * One label move. If it fails as a lost response does — the connection
   * dropped after the write (STORE_UNAVAILABLE), or the SDK's retry refused
   * because the first attempt already moved the label ("not attached",
   * STORE_STAGE_CONFLICT) — the labels are read again and the move counts as
   * done when they show its effect.
   */
  async #move(ref: SecretRef, versionId: string, m: LabelMove): Promise<void> {
    const ctx: AwsCallContext = { notFound: 'version', invalid: 'STORE_STAGE_CONFLICT', versionId };
    try {
      await this.#call(ref, 'UpdateSecretVersionStage', ctx, (c) =>
        c.send(
          new UpdateSecretVersionStageCommand({
            SecretId: awsTarget(ref).name,
            VersionStage: m.label,
            ...(m.to === undefined ? {} : { MoveToVersionId: m.to }),
            ...(m.from === undefined ? {} : { RemoveFromVersionId: m.from }),
          }),
        ),
      );
    } catch (err) {
      if (!isDocugenError(err, 'STORE_UNAVAILABLE') && !isDocugenError(err, 'STORE_STAGE_CONFLICT')) throw err;
      if (!moveApplied(await this.#versions(ref), m)) throw err;
    }
  }

  async #read(
    ref: SecretRef,
    select: { VersionStage: string } | { VersionId: string },
    ctx: AwsCallContext,
  ): Promise<{ versionId: string; labels: string[]; value: SecretValue }> {
    const out = await this.#call(ref, 'GetSecretValue', ctx, (c) =>
      c.send(new GetSecretValueCommand({ SecretId: awsTarget(ref).name, ...select })),
    );
    if (out.VersionId === undefined)
      throw storeError('STORE_CORRUPT', ref, `secret "${ref.id}": GetSecretValue returned no version id`, {
        details: { step: 'getValue' },
      });
    return { versionId: out.VersionId, labels: out.VersionStages ?? [], value: fromAwsValue(ref, out) };
  }

  /** Every version, deprecated ones included, newest first (paginated). */
  async #versions(ref: SecretRef): Promise<AwsVersion[]> {
    const versions: AwsVersion[] = [];
    let next: string | undefined;
    do {
      const page = await this.#call(ref, 'ListSecretVersionIds', { notFound: 'secret' }, (c) =>
        c.send(
          new ListSecretVersionIdsCommand({
            SecretId: awsTarget(ref).name,
            IncludeDeprecated: true,
            MaxResults: 100,
            ...(next ? { NextToken: next } : {}),
          }),
        ),
      );
      for (const v of page.Versions ?? []) {
        // Offset-style pages can repeat an entry when a version is added between two calls.
        if (v.VersionId && !versions.some((x) => x.versionId === v.VersionId)) {
          versions.push({
            versionId: v.VersionId,
            labels: v.VersionStages ?? [],
            createdAt: v.CreatedDate ?? new Date(0),
          });
        }
      }
      next = page.NextToken;
    } while (next);
    return versions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async #call<O extends Out>(
    ref: SecretRef,
    operation: string,
    ctx: AwsCallContext,
    fn: (c: SecretsManagerClient) => Promise<O>,
  ): Promise<O> {
    const client = this.#clients.for(awsTarget(ref).region);
    const token = ctx.token === undefined ? {} : { clientRequestToken: ctx.token };
    try {
      const out = await fn(client);
      const md = out.$metadata;
      recordStoreCall({
        operation,
        ...token,
        ...defined({ requestId: md.requestId, attempts: md.attempts, httpStatus: md.httpStatusCode, arn: out.ARN }),
      });
      return out;
    } catch (err) {
      const md = sdkMetadata(err);
      recordStoreCall({
        operation,
        ...token,
        ...defined({ requestId: md?.requestId, attempts: md?.attempts, httpStatus: md?.httpStatusCode }),
      });
      throw mapAwsError(err, ref, operation, ctx);
    }
  }
}

function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
