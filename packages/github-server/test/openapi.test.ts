import { describe, expect, it } from 'vitest';
import { servedOperationsValidator } from '../src/openapi/load.js';
import { startGitHubServer } from '../src/index.js';
import { OPERATION_IDS, ROUTES } from '../src/routes.js';

describe('the OpenAPI validator (GitHub’s official description from @octokit/openapi)', () => {
  it('knows every served operation at the method and path the server routes', async () => {
    const v = await servedOperationsValidator();
    for (const route of ROUTES) expect(v.route(route.operationId)).toEqual({ method: route.method, path: route.path });
    expect(OPERATION_IDS.length).toBeGreaterThanOrEqual(28);
  });

  it('catches a deliberately wrong response: a missing required field, a wrong type, an undeclared success status', async () => {
    const v = await servedOperationsValidator();
    const label = {
      id: 1,
      node_id: 'x',
      url: 'http://127.0.0.1/l',
      name: 'a',
      description: null,
      color: 'ededed',
      default: false,
    };
    expect(v.checkResponse('issues/get-label', 200, label)).toEqual([]);
    const { name: _dropped, ...noName } = label;
    expect(v.checkResponse('issues/get-label', 200, noName)).toEqual([
      "response 200 must have required property 'name'",
    ]);
    expect(v.checkResponse('issues/get-label', 200, { ...label, id: 'one' })).toEqual([
      'response 200/id must be integer',
    ]);
    expect(v.checkResponse('issues/get-label', 201, label)).toEqual([
      'status 201 is not a documented response of issues/get-label',
    ]);
    expect(v.checkResponse('issues/delete-label', 204, undefined)).toEqual([]);
    expect(
      v.checkResponse('issues/get-label', 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
      }),
    ).toEqual([]);
    expect(v.checkResponse('issues/create-label', 422, { message: 'Validation Failed' })).toEqual([
      "response 422 must have required property 'documentation_url'",
    ]);
  });

  it('catches wrong requests: a bad body, an unknown query parameter, a non-numeric issue number', async () => {
    const v = await servedOperationsValidator();
    const q = (s: string): URLSearchParams => new URLSearchParams(s);
    const params = { owner: 'o', repo: 'r' };
    expect(v.checkRequest('issues/create', { params, query: q(''), body: { title: 't', labels: ['a'] } })).toEqual([]);
    expect(v.checkRequest('issues/create', { params, query: q(''), body: { body: 'no title' } })).toEqual([
      "body must have required property 'title'",
    ]);
    expect(v.checkRequest('issues/create', { params, query: q(''), body: undefined })).toEqual(['body is required']);
    expect(
      v.checkRequest('issues/list-for-repo', {
        params,
        query: q('state=open&per_page=100&labels=a,b'),
        body: undefined,
      }),
    ).toEqual([]);
    expect(v.checkRequest('issues/list-for-repo', { params, query: q('state=opened'), body: undefined })[0]).toMatch(
      /^query\/state must be equal to one of the allowed values/,
    );
    expect(v.checkRequest('issues/list-for-repo', { params, query: q('colour=red'), body: undefined })).toEqual([
      'query must NOT have additional properties (colour)',
    ]);
    expect(
      v.checkRequest('issues/get', { params: { ...params, issue_number: 'x' }, query: q(''), body: undefined }),
    ).toEqual(['path/issue_number must be integer']);
    expect(
      v.checkRequest('issues/update', {
        params: { ...params, issue_number: '1' },
        query: q(''),
        body: { state_reason: 'wontfix' },
      })[0],
    ).toMatch(/state_reason/);
  });

  it('as a server wrapper: a wrong request is answered 422 and recorded, so the test that made it fails loudly', async () => {
    const seen: string[] = [];
    const server = await startGitHubServer({
      validate: true,
      onViolation: (v) => seen.push(`${v.kind} ${v.operationId}`),
    });
    try {
      const res = await fetch(`${server.url}/repos/docugen/secrets/issues?colour=red`, {
        headers: { authorization: 'token t' },
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { message: string }).message).toContain('colour');
      expect(server.violations()).toMatchObject([{ kind: 'request', operationId: 'issues/list-for-repo' }]);
      expect(seen).toEqual(['request issues/list-for-repo']);
    } finally {
      await server.close();
    }
  });
});
