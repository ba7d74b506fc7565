import { awsError, type AwsServiceError } from './errors.js';
import type { Tag } from './model.js';

/** A parsed JSON 1.1 request body. */
export type Input = Readonly<Record<string, unknown>>;

interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/**
 * Shape and length violations answer ValidationException with AWS's wording
 * ("1 validation error detected: Value … at 'member' failed to satisfy
 * constraint: …"), see "ValidationException" in
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html .
 * The offending value is never echoed (it may be a secret).
 */
function invalid(field: string, constraint: string, isNull = false): AwsServiceError {
  const member = field.charAt(0).toLowerCase() + field.slice(1);
  return awsError(
    'ValidationException',
    `1 validation error detected: Value ${isNull ? 'null ' : ''}at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function optStr(input: Input, field: string, bounds: Bounds = {}): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(field, 'Member must be a string');
  if (bounds.min !== undefined && v.length < bounds.min)
    throw invalid(field, `Member must have length greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && v.length > bounds.max)
    throw invalid(field, `Member must have length less than or equal to ${bounds.max}`);
  return v;
}

export function reqStr(input: Input, field: string, bounds: Bounds = {}): string {
  const v = optStr(input, field, bounds);
  if (v === undefined) throw invalid(field, 'Member must not be null', true);
  return v;
}

export function optBool(input: Input, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(field, 'Member must be a boolean');
  return v;
}

export function optInt(input: Input, field: string, bounds: Bounds = {}): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(field, 'Member must be an integer');
  if (bounds.min !== undefined && v < bounds.min)
    throw invalid(field, `Member must have value greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && v > bounds.max)
    throw invalid(field, `Member must have value less than or equal to ${bounds.max}`);
  return v;
}

export function optStrList(
  input: Input,
  field: string,
  bounds: Bounds & { readonly itemMax?: number } = {},
): string[] | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string'))
    throw invalid(field, 'Member must be a list of strings');
  if (bounds.min !== undefined && v.length < bounds.min)
    throw invalid(field, `Member must have length greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && v.length > bounds.max)
    throw invalid(field, `Member must have length less than or equal to ${bounds.max}`);
  const itemMax = bounds.itemMax;
  if (itemMax !== undefined && v.some((x) => x.length < 1 || x.length > itemMax)) {
    throw invalid(field, `Member must satisfy constraint: [Member must have length between 1 and ${itemMax}]`);
  }
  return v;
}

export function reqStrList(input: Input, field: string, bounds: Bounds & { readonly itemMax?: number } = {}): string[] {
  const v = optStrList(input, field, bounds);
  if (v === undefined) throw invalid(field, 'Member must not be null', true);
  return v;
}

/** Tags: `[{Key, Value}]`; key 1–128, value 0–256 chars (AWS tagging quotas). */
export function optTags(input: Input, field: string): Tag[] | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(field, 'Member must be a list of tags');
  return v.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw invalid(field, 'Member must be a list of tags');
    const tag = item as Input;
    return { Key: reqStr(tag, 'Key', { min: 1, max: 128 }), Value: optStr(tag, 'Value', { max: 256 }) ?? '' };
  });
}

export function reqTags(input: Input, field: string): Tag[] {
  const v = optTags(input, field);
  if (v === undefined) throw invalid(field, 'Member must not be null', true);
  return v;
}

export function optEnum<const V extends string>(input: Input, field: string, allowed: readonly V[]): V | undefined {
  const v = optStr(input, field);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw invalid(field, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return v as V;
}
