import {
  type SecretRef,
  type SecretValue,
  type StagedSecret,
  type StagedVersion,
  storeError,
} from '@docugen-secrets/secret-store';

/**
 * The plaintext layout of one secret's SOPS file (`secrets/<env>/<id>.sops.yaml`):
 *
 *   format: docugen-secrets/sops-store/v1
 *   id: <manifest id>
 *   description: …
 *   tags: { owner: … }
 *   created_at / changed_at / rotated_at: RFC 3339
 *   versions:            # newest first
 *     - id: <version id = rotation token>
 *       stage: current | pending | previous | none
 *       status: active | failed | retired
 *       created_at: RFC 3339
 *       kind: string | binary        # binary values are base64
 *       value: ENC[…]                # only while the version holds a stage
 *
 * Only `value` leaves are encrypted (`encrypted_regex: ^value$`); everything
 * else is clear text but, with `mac_only_encrypted: false`, still hashed into
 * the MAC, so an edit of a stage or timestamp is detected like an edit of a
 * value. List indices are not part of the AAD (sops `Tree.Encrypt` builds it from map keys only,
 * https://github.com/getsops/sops/blob/v3.13.2/sops.go): inserting or
 * removing a version leaves the other ciphertexts valid and byte-identical.
 */
export const SOPS_STORE_FORMAT = 'docugen-secrets/sops-store/v1';
export const ENCRYPTED_REGEX = '^value$';
/** Metadata of unstaged versions kept (so their tokens stay spent); their values are dropped. */
export const HISTORY_LIMIT = 20;

export type DocValue = string | DocMap | readonly DocMap[];
export interface DocMap {
  readonly [key: string]: DocValue;
}

export function toDocument(ref: SecretRef, state: StagedSecret): DocMap {
  return {
    format: SOPS_STORE_FORMAT,
    id: ref.id,
    ...(state.description === undefined ? {} : { description: state.description }),
    tags: { ...state.tags },
    created_at: state.createdAt.toISOString(),
    changed_at: state.lastChangedAt.toISOString(),
    ...(state.lastRotatedAt ? { rotated_at: state.lastRotatedAt.toISOString() } : {}),
    versions: state.versions.map(versionDoc),
  };
}

function versionDoc(v: StagedVersion): DocMap {
  const status = v.failed === true ? 'failed' : v.retired === true ? 'retired' : 'active';
  return {
    id: v.versionId,
    stage: v.stage ?? 'none',
    status,
    created_at: v.createdAt.toISOString(),
    ...(v.value ? { kind: v.value.kind, value: encodeValue(v.value) } : {}),
  };
}

function encodeValue(v: SecretValue): string {
  return v.kind === 'string' ? v.value : Buffer.from(v.value).toString('base64');
}

/**
 * Keeps the file small and old credentials out of it: values only for staged
 * versions, metadata for the newest HISTORY_LIMIT unstaged ones.
 */
export function prune(state: StagedSecret): StagedSecret {
  let unstaged = 0;
  const versions = state.versions.flatMap((v): StagedVersion[] => {
    if (v.stage !== undefined) return [v];
    unstaged += 1;
    if (unstaged > HISTORY_LIMIT) return [];
    const { value: _dropped, ...meta } = v;
    return [meta];
  });
  return { ...state, versions };
}

/** Reads a decrypted document back, reporting every problem at once as STORE_CORRUPT. */
export function fromDocument(ref: SecretRef, doc: unknown, file: string): StagedSecret {
  const problems: string[] = [];
  const root = asMap(doc, '(root)', problems);
  if (root['format'] !== SOPS_STORE_FORMAT) problems.push(`format must be "${SOPS_STORE_FORMAT}"`);
  if (root['id'] !== ref.id) problems.push(`id must be "${ref.id}" (the file belongs to another secret?)`);
  const tags = asMap(root['tags'] ?? {}, 'tags', problems);
  for (const [k, v] of Object.entries(tags)) if (typeof v !== 'string') problems.push(`tags.${k} must be a string`);
  const state: StagedSecret = {
    createdAt: date(root['created_at'], 'created_at', problems) ?? new Date(0),
    lastChangedAt: date(root['changed_at'], 'changed_at', problems) ?? new Date(0),
    ...optionalDate(root['rotated_at'], problems),
    ...(typeof root['description'] === 'string' ? { description: root['description'] } : {}),
    tags: tags as Record<string, string>,
    versions: asList(root['versions'], problems).map((v, i) => readVersion(v, i, problems)),
  };
  checkStages(state, problems);
  if (problems.length > 0) {
    throw storeError(
      'STORE_CORRUPT',
      ref,
      `SOPS file ${file} of secret "${ref.id}" is not a valid store file: ${problems.join('; ')}`,
      { details: { file } },
    );
  }
  return state;
}

function readVersion(doc: DocValue, i: number, problems: string[]): StagedVersion {
  const where = `versions[${i}]`;
  const v = asMap(doc, where, problems);
  const stage = v['stage'];
  const status = v['status'];
  if (stage !== 'current' && stage !== 'pending' && stage !== 'previous' && stage !== 'none')
    problems.push(`${where}.stage must be current, pending, previous or none`);
  if (status !== 'active' && status !== 'failed' && status !== 'retired')
    problems.push(`${where}.status must be active, failed or retired`);
  if (typeof v['id'] !== 'string' || v['id'] === '') problems.push(`${where}.id must be a version id`);
  const value = readValue(v, where, problems);
  return {
    versionId: typeof v['id'] === 'string' ? v['id'] : '',
    createdAt: date(v['created_at'], `${where}.created_at`, problems) ?? new Date(0),
    ...(stage === 'current' || stage === 'pending' || stage === 'previous' ? { stage } : {}),
    ...(status === 'failed' ? { failed: true } : {}),
    ...(status === 'retired' ? { retired: true } : {}),
    ...(value ? { value } : {}),
  };
}

function readValue(v: DocMap, where: string, problems: string[]): SecretValue | undefined {
  const raw = v['value'];
  if (raw === undefined) {
    if (v['stage'] !== 'none') problems.push(`${where} holds a stage but no value`);
    return undefined;
  }
  if (typeof raw !== 'string') {
    problems.push(`${where}.value must be a string`);
    return undefined;
  }
  if (v['kind'] === 'string') return { kind: 'string', value: raw };
  if (v['kind'] === 'binary') return { kind: 'binary', value: new Uint8Array(Buffer.from(raw, 'base64')) };
  problems.push(`${where}.kind must be string or binary`);
  return undefined;
}

function checkStages(state: StagedSecret, problems: string[]): void {
  for (const stage of ['current', 'pending', 'previous'] as const) {
    if (state.versions.filter((v) => v.stage === stage).length > 1) problems.push(`more than one version is ${stage}`);
  }
  const ids = state.versions.map((v) => v.versionId);
  if (new Set(ids).size !== ids.length) problems.push('version ids are not unique');
}

function asMap(v: unknown, where: string, problems: string[]): DocMap {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as DocMap;
  problems.push(`${where} must be a map`);
  return {};
}

function asList(v: unknown, problems: string[]): readonly DocValue[] {
  if (Array.isArray(v)) return v as DocValue[];
  problems.push('versions must be a list');
  return [];
}

function date(v: unknown, where: string, problems: string[]): Date | undefined {
  const d = typeof v === 'string' ? new Date(v) : undefined;
  if (d === undefined || Number.isNaN(d.getTime())) {
    problems.push(`${where} must be an RFC 3339 time`);
    return undefined;
  }
  return d;
}

function optionalDate(v: unknown, problems: string[]): { lastRotatedAt?: Date } {
  if (v === undefined) return {};
  const d = date(v, 'rotated_at', problems);
  return d ? { lastRotatedAt: d } : {};
}
