import { awsError } from '../errors.js';
import type { Input } from '../input.js';
import type { SecretRecord } from '../model.js';

/**
 * ListSecrets filters, per the Filter data type
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html):
 * description — prefix, case-insensitive; name, tag-key, tag-value,
 * primary-region, owning-service — prefix, case-sensitive; all — "breaks the
 * filter value string into words and then searches all attributes",
 * case-insensitive. A value starting with "!" negates. Here several values of
 * one filter match if any positive value matches and no negated one does;
 * several filters must all match.
 */
export interface SecretFilter {
  readonly key: FilterKey;
  readonly values: readonly string[];
}

const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

function isFilterKey(key: unknown): key is FilterKey {
  return typeof key === 'string' && (FILTER_KEYS as readonly string[]).includes(key);
}

export function readFilters(input: Input): SecretFilter[] {
  const raw = input['Filters'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 10) throw badFilters();
  return raw.map((f: unknown) => {
    const { Key: key, Values: values } = (typeof f === 'object' && f !== null ? f : {}) as Input;
    if (!isFilterKey(key)) throw badFilters();
    if (
      !Array.isArray(values) ||
      values.length < 1 ||
      values.length > 10 ||
      !values.every((v) => typeof v === 'string' && v.length >= 1 && v.length <= 512)
    )
      throw badFilters();
    return { key, values: values as string[] };
  });
}

function badFilters(): Error {
  return awsError(
    'ValidationException',
    `1 validation error detected: Value at 'filters' failed to satisfy constraint: Member must be a list of at most 10 filters with Key in [${FILTER_KEYS.join(', ')}] and 1-10 Values of 1-512 characters`,
  );
}

export function matchesAll(secret: SecretRecord, filters: readonly SecretFilter[]): boolean {
  return filters.every((f) => matchesFilter(secret, f));
}

function matchesFilter(secret: SecretRecord, filter: SecretFilter): boolean {
  const positives = filter.values.filter((v) => !v.startsWith('!'));
  const negatives = filter.values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  if (negatives.some((v) => matchesValue(secret, filter.key, v))) return false;
  return positives.length === 0 || positives.some((v) => matchesValue(secret, filter.key, v));
}

function matchesValue(secret: SecretRecord, key: FilterKey, value: string): boolean {
  switch (key) {
    case 'name':
      return secret.name.startsWith(value);
    case 'description':
      return (secret.description ?? '').toLowerCase().startsWith(value.toLowerCase());
    case 'tag-key':
      return secret.tags.some((t) => t.Key.startsWith(value));
    case 'tag-value':
      return secret.tags.some((t) => t.Value.startsWith(value));
    case 'primary-region':
    case 'owning-service':
      return false; // this server neither replicates nor hosts service-owned secrets
    case 'all':
      return matchesWords(secret, value);
  }
}

function matchesWords(secret: SecretRecord, value: string): boolean {
  const haystack = [secret.name, secret.description ?? '', ...secret.tags.flatMap((t) => [t.Key, t.Value])].map((s) =>
    s.toLowerCase(),
  );
  const words = value
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return words.every((w) => haystack.some((h) => h.includes(w)));
}
