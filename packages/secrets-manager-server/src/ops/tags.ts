import type { OpContext, Output } from '../context.js';
import { awsError } from '../errors.js';
import { reqStrList, reqTags, type Input } from '../input.js';
import { dedupeTags } from './create.js';
import { liveSecretOf } from './guards.js';

const MAX_TAGS = 50;

/**
 * TagResource (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_TagResource.html):
 * attaches tags, a key already present gets the new value (keys are case
 * sensitive); at most 50 tags per resource (AWS tagging quotas). Empty body answer.
 */
export function tagResource(ctx: OpContext, input: Input): Output {
  const secret = liveSecretOf(ctx.secrets, input);
  const merged = dedupeTags([...secret.tags, ...reqTags(input, 'Tags')]);
  if (merged.length > MAX_TAGS)
    throw awsError('InvalidParameterException', `A secret can have at most ${MAX_TAGS} tags.`);
  secret.tags = merged;
  secret.lastChangedMs = ctx.nowMs;
  return {};
}

/** UntagResource (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UntagResource.html): removes the named keys. */
export function untagResource(ctx: OpContext, input: Input): Output {
  const secret = liveSecretOf(ctx.secrets, input);
  const keys = new Set(reqStrList(input, 'TagKeys', { itemMax: 128 }));
  secret.tags = secret.tags.filter((t) => !keys.has(t.Key));
  secret.lastChangedMs = ctx.nowMs;
  return {};
}
