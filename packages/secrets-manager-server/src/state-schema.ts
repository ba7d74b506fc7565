/**
 * Structural check of a loaded state file: returns every problem with its
 * JSON path (never a value, which may be a secret).
 */
type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function expect(problems: string[], ok: boolean, path: string, what: string): void {
  if (!ok) problems.push(`${path} must be ${what}`);
}

function checkOptional(problems: string[], rec: Rec, path: string, fields: Record<string, 'string' | 'number'>): void {
  for (const [field, type] of Object.entries(fields)) {
    const v = rec[field];
    if (v !== undefined) expect(problems, typeof v === type, `${path}.${field}`, `a ${type}`);
  }
}

function checkValue(problems: string[], v: unknown, path: string): void {
  if (!isRec(v)) return void problems.push(`${path} must be an object`);
  const ok =
    (v['kind'] === 'string' && typeof v['text'] === 'string') ||
    (v['kind'] === 'binary' && typeof v['base64'] === 'string');
  expect(problems, ok, path, '{kind:"string",text} or {kind:"binary",base64}');
}

function checkVersion(problems: string[], v: unknown, path: string): void {
  if (!isRec(v)) return void problems.push(`${path} must be an object`);
  expect(problems, typeof v['versionId'] === 'string', `${path}.versionId`, 'a string');
  expect(problems, typeof v['createdMs'] === 'number', `${path}.createdMs`, 'a number');
  expect(problems, isStrArr(v['stages']), `${path}.stages`, 'a list of strings');
  checkOptional(problems, v, path, { lastAccessedMs: 'number' });
  checkValue(problems, v['value'], `${path}.value`);
}

export function checkSecret(problems: string[], s: unknown, path: string): void {
  if (!isRec(s)) return void problems.push(`${path} must be an object`);
  for (const f of ['arn', 'name']) expect(problems, typeof s[f] === 'string', `${path}.${f}`, 'a string');
  for (const f of ['createdMs', 'lastChangedMs'])
    expect(problems, typeof s[f] === 'number', `${path}.${f}`, 'a number');
  checkOptional(problems, s, path, {
    description: 'string',
    kmsKeyId: 'string',
    createToken: 'string',
    lastAccessedMs: 'number',
    deletedMs: 'number',
    deletionMs: 'number',
  });
  const tags = s['tags'];
  expect(
    problems,
    Array.isArray(tags) &&
      tags.every((t) => isRec(t) && typeof t['Key'] === 'string' && typeof t['Value'] === 'string'),
    `${path}.tags`,
    'a list of {Key,Value}',
  );
  const versions = s['versions'];
  if (!Array.isArray(versions)) return void problems.push(`${path}.versions must be a list`);
  versions.forEach((v, i) => {
    checkVersion(problems, v, `${path}.versions[${i}]`);
  });
}

export function validateStateData(parsed: unknown, format: string, version: number): string[] {
  const problems: string[] = [];
  if (!isRec(parsed)) return ['the file must hold a JSON object'];
  expect(problems, parsed['format'] === format, '$.format', `"${format}"`);
  expect(problems, parsed['version'] === version, '$.version', String(version));
  const secrets = parsed['secrets'];
  if (!Array.isArray(secrets)) return [...problems, '$.secrets must be a list'];
  secrets.forEach((s, i) => {
    checkSecret(problems, s, `$.secrets[${i}]`);
  });
  return problems;
}
