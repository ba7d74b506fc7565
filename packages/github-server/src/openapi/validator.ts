import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { serverError } from '../errors.js';
import { COMPONENTS_ID, referencedComponents, toJsonSchema } from './schema.js';
import type { OpenApiDocument } from './spec.js';

type Rec = Record<string, unknown>;

/** A request as the server sees it: decoded path parameters, the query, the parsed JSON body. */
export interface RequestParts {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

interface Operation {
  readonly path: string;
  readonly method: string;
  readonly op: Rec;
}

interface Compiled {
  readonly path: ValidateFunction;
  readonly query: ValidateFunction;
  readonly body: ValidateFunction | undefined;
  readonly bodyRequired: boolean;
  /** Declared statuses → their raw response objects; compiled on first use. */
  readonly responses: ReadonlyMap<string, unknown>;
  readonly compiledResponses: Map<string, ValidateFunction | undefined>;
}

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(errors: readonly ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).slice(0, 8).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as Rec)['additionalProperty'])})` : '';
    return `${where}${e.instancePath} ${e.message ?? 'is invalid'}${extra}`;
  });
}

/**
 * Checks requests and responses of named operations against GitHub's OpenAPI
 * description. Only the operations asked for are compiled, each once, on
 * first use (the description holds ~1,000 operations); schemas they share
 * (issue, simple-user, label …) are compiled once through one components
 * document. Returns problems as text (empty = conforms).
 */
export class OpenApiValidator {
  readonly #ops = new Map<string, Operation>();
  readonly #compiled = new Map<string, Compiled>();
  readonly #doc: OpenApiDocument;
  readonly #strict: Ajv;
  readonly #coercing: Ajv;
  #basic: ValidateFunction | undefined;

  constructor(doc: OpenApiDocument, operationIds: readonly string[]) {
    this.#doc = doc;
    const wanted = new Set(operationIds);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (isRec(op) && typeof op['operationId'] === 'string' && wanted.has(op['operationId'])) {
          this.#ops.set(op['operationId'], { path, method: method.toUpperCase(), op });
        }
      }
    }
    const missing = operationIds.filter((id) => !this.#ops.has(id));
    if (missing.length > 0)
      throw serverError('GH_SERVER_OPENAPI', `operations not in GitHub's OpenAPI description: ${missing.join(', ')}`);
    const schemas = doc.components['schemas'] ?? {};
    const roots = [...this.#ops.values()].flatMap((o) => [o.op, doc.paths[o.path]?.['parameters']]);
    const used = [...referencedComponents([...roots, { $ref: '#/components/schemas/basic-error' }], doc.components)];
    const names = used.filter((k) => k.startsWith('schemas/')).map((k) => k.slice('schemas/'.length));
    const subset = Object.fromEntries(names.map((n) => [n, toJsonSchema(schemas[n], true)]));
    const components = { $id: COMPONENTS_ID, components: { schemas: subset } };
    this.#strict = this.#newAjv(false, components);
    this.#coercing = this.#newAjv(true, components);
  }

  #newAjv(coerceTypes: boolean, components: Rec): Ajv {
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      coerceTypes,
      logger: false,
      validateSchema: false,
      inlineRefs: false,
    });
    addFormats.default(ajv);
    ajv.addSchema(components);
    return ajv;
  }

  /** Where an operation lives in the description (for tests and messages). */
  route(operationId: string): { path: string; method: string } | undefined {
    const o = this.#ops.get(operationId);
    return o ? { path: o.path, method: o.method } : undefined;
  }

  checkRequest(operationId: string, req: RequestParts): string[] {
    const c = this.#compile(operationId);
    const problems: string[] = [];
    if (!c.path({ ...req.params })) problems.push(...describe(c.path.errors, 'path'));
    const query: Rec = {};
    for (const [k, v] of req.query) query[k] = v;
    if (!c.query(query)) problems.push(...describe(c.query.errors, 'query'));
    if (req.body === undefined) {
      if (c.bodyRequired) problems.push('body is required');
    } else if (!c.body) {
      problems.push('body: this operation takes no request body');
    } else if (!c.body(req.body)) {
      problems.push(...describe(c.body.errors, 'body'));
    }
    return problems;
  }

  /**
   * A status the description declares is checked against its schema; an
   * undeclared error status (401, 403 rate limits, 5xx faults — GitHub answers
   * them on any operation) against `basic-error`; an undeclared success is a problem.
   */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const c = this.#compile(operationId);
    const key = String(status);
    if (!c.responses.has(key) && status < 400)
      return [`status ${status} is not a documented response of ${operationId}`];
    const validate = c.responses.has(key) ? this.#response(c, key) : this.#basicError();
    if (validate === undefined) return body === undefined ? [] : [`status ${status} has no body in the description`];
    if (body === undefined) return [`status ${status} must have a JSON body`];
    return validate(body) ? [] : describe(validate.errors, `response ${status}`);
  }

  #basicError(): ValidateFunction {
    this.#basic ??= this.#strict.compile({ $ref: `${COMPONENTS_ID}#/components/schemas/basic-error` });
    return this.#basic;
  }

  #response(c: Compiled, status: string): ValidateFunction | undefined {
    if (c.compiledResponses.has(status)) return c.compiledResponses.get(status);
    const schema = this.#jsonContent(this.#resolve(c.responses.get(status)));
    const validate = schema === undefined ? undefined : this.#strict.compile(toJsonSchema(schema, true) as Rec);
    c.compiledResponses.set(status, validate);
    return validate;
  }

  #compile(operationId: string): Compiled {
    const hit = this.#compiled.get(operationId);
    if (hit) return hit;
    const o = this.#ops.get(operationId);
    if (!o) throw serverError('GH_SERVER_OPENAPI', `operation ${operationId} is not validated by this validator`);
    const params = this.#parameters(o);
    const bodySpec = this.#resolve(o.op['requestBody']);
    const bodySchema = this.#jsonContent(bodySpec);
    const compiled: Compiled = {
      path: this.#coercing.compile(paramsSchema(params, 'path')),
      query: this.#coercing.compile(paramsSchema(params, 'query')),
      body: bodySchema === undefined ? undefined : this.#strict.compile(toJsonSchema(bodySchema, true) as Rec),
      bodyRequired: isRec(bodySpec) && bodySpec['required'] === true,
      responses: new Map(Object.entries(isRec(o.op['responses']) ? o.op['responses'] : {})),
      compiledResponses: new Map(),
    };
    this.#compiled.set(operationId, compiled);
    return compiled;
  }

  #parameters(o: Operation): Rec[] {
    const item = this.#doc.paths[o.path] ?? {};
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
    return [...list(item['parameters']), ...list(o.op['parameters'])].map((p) => this.#resolve(p)).filter(isRec);
  }

  /** Follows one `#/components/{kind}/{name}` reference (parameters, responses, requestBodies). */
  #resolve(node: unknown): unknown {
    if (!isRec(node) || typeof node['$ref'] !== 'string') return node;
    const [, , kind = '', name = ''] = node['$ref'].split('/');
    return this.#resolve(this.#doc.components[kind]?.[name]);
  }

  #jsonContent(spec: unknown): unknown {
    if (!isRec(spec) || !isRec(spec['content'])) return undefined;
    const json = spec['content']['application/json'];
    return isRec(json) ? json['schema'] : undefined;
  }
}

/** An object schema of the parameters found `in` path or query; unknown query parameters are problems. */
function paramsSchema(params: readonly Rec[], where: 'path' | 'query'): Rec {
  const mine = params.filter((p) => p['in'] === where && typeof p['name'] === 'string');
  return {
    type: 'object',
    properties: Object.fromEntries(mine.map((p) => [p['name'] as string, toJsonSchema(p['schema'] ?? {}, true)])),
    required: mine.filter((p) => p['required'] === true).map((p) => p['name'] as string),
    additionalProperties: false,
  };
}
