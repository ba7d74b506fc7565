/**
 * OpenAPI 3.0 schemas → JSON Schema for ajv. Two differences matter here:
 * `nullable: true` (3.0's way to allow null) becomes `anyOf [schema, null]`,
 * and local `#/components/...` references are pointed at the one shared
 * components document registered under COMPONENTS_ID.
 */
export const COMPONENTS_ID = 'https://api.github.com/openapi/components';

type Json = unknown;
type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The components (`kind/name`, e.g. `schemas/issue`, `responses/not_found`)
 * the roots refer to, transitively.
 */
export function referencedComponents(
  roots: readonly Json[],
  components: Record<string, Record<string, unknown>>,
): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...(node as Json[]));
    else if (isRec(node)) {
      const ref = node['$ref'];
      const m = typeof ref === 'string' ? /^#\/components\/(\w+)\/(.+)$/.exec(ref) : null;
      const key = m ? `${m[1] ?? ''}/${m[2] ?? ''}` : undefined;
      if (m && key !== undefined && !seen.has(key)) {
        seen.add(key);
        stack.push(components[m[1] ?? '']?.[m[2] ?? '']);
      }
      stack.push(...Object.values(node));
    }
  }
  return seen;
}

/** A converted copy: nullable → anyOf null, local refs → the shared components document. */
export function toJsonSchema(node: Json, absoluteRefs: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, absoluteRefs));
  if (!isRec(node)) return node;
  const out: Rec = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string' && absoluteRefs && value.startsWith('#/'))
      out[key] = `${COMPONENTS_ID}${value}`;
    else
      out[key] =
        key === 'properties' && isRec(value) ? mapValues(value, absoluteRefs) : toJsonSchema(value, absoluteRefs);
  }
  return node['nullable'] === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function mapValues(props: Rec, absoluteRefs: boolean): Rec {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toJsonSchema(v, absoluteRefs)]));
}
