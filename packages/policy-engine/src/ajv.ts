import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JsonSchema } from './rule.js';
import type { SchemaCheck } from './yaml-file.js';

/**
 * One ajv instance for policy-side schemas: strict (a typo in a schema is a
 * bug), every error reported, defaults filled in for rule options.
 */
export function createAjv(): Ajv2020 {
  return new Ajv2020({ allErrors: true, strict: true, strictRequired: false, useDefaults: true });
}

export function compileSchema(ajv: Ajv2020, schema: JsonSchema): SchemaCheck {
  return ajv.compile(schema);
}
