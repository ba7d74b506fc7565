/** Structural check of a loaded state file: every problem with its JSON path. */
type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function fields(problems: string[], rec: Rec, path: string, spec: Record<string, string>): void {
  for (const [field, type] of Object.entries(spec)) {
    const v = rec[field];
    const ok =
      type === 'array'
        ? Array.isArray(v)
        : type.endsWith('|null')
          ? v === null || typeof v === type.slice(0, -5)
          : typeof v === type;
    if (!ok) problems.push(`${path}.${field} must be ${type === 'array' ? 'a list' : `a ${type}`}`);
  }
}

function each(problems: string[], list: unknown, path: string, spec: Record<string, string>): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, i) => {
    if (isRec(item)) fields(problems, item, `${path}[${i}]`, spec);
    else problems.push(`${path}[${i}] must be an object`);
  });
}

const REPO = {
  id: 'number',
  owner: 'string',
  name: 'string',
  createdMs: 'number',
  defaultBranch: 'string',
  nextNumber: 'number',
  issues: 'array',
  labels: 'array',
  comments: 'array',
  refs: 'array',
};
const ISSUE = {
  id: 'number',
  number: 'number',
  title: 'string',
  body: 'string|null',
  state: 'string',
  labelIds: 'array',
  assignees: 'array',
  author: 'string',
  createdMs: 'number',
  updatedMs: 'number',
  closedMs: 'number|null',
};
const LABEL = { id: 'number', name: 'string', color: 'string', description: 'string|null' };
const COMMENT = {
  id: 'number',
  issueNumber: 'number',
  body: 'string',
  author: 'string',
  createdMs: 'number',
  updatedMs: 'number',
};
const REF = { ref: 'string', sha: 'string' };
const DISPATCH = { kind: 'string', createdMs: 'number', sender: 'string' };

export function validateStateData(parsed: unknown, format: string, version: number): string[] {
  if (!isRec(parsed)) return ['the file must hold a JSON object'];
  const problems: string[] = [];
  if (parsed['format'] !== format) problems.push(`$.format must be "${format}"`);
  if (parsed['version'] !== version) problems.push(`$.version must be ${version}`);
  fields(problems, parsed, '$', { nextId: 'number', repos: 'array' });
  const repos = Array.isArray(parsed['repos']) ? parsed['repos'] : [];
  each(problems, repos, '$.repos', REPO);
  repos.forEach((repo: unknown, i) => {
    if (!isRec(repo)) return;
    each(problems, repo['issues'], `$.repos[${i}].issues`, ISSUE);
    each(problems, repo['labels'], `$.repos[${i}].labels`, LABEL);
    each(problems, repo['comments'], `$.repos[${i}].comments`, COMMENT);
    each(problems, repo['refs'], `$.repos[${i}].refs`, REF);
    // Optional: state files written before dispatches were served have none.
    if (repo['dispatches'] !== undefined && !Array.isArray(repo['dispatches']))
      problems.push(`$.repos[${i}].dispatches must be a list`);
    each(problems, repo['dispatches'], `$.repos[${i}].dispatches`, DISPATCH);
  });
  return problems;
}
