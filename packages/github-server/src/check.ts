import type { OpenApiValidator, RequestParts } from './openapi/validator.js';

/** A request or response that does not match GitHub's OpenAPI description. */
export interface Violation {
  readonly kind: 'request' | 'response';
  readonly operationId: string;
  readonly status?: number;
  readonly problems: readonly string[];
}

/** What the HTTP layer asks of a validator; `[]` = conforms. */
export interface ExchangeCheck {
  request(operationId: string, req: RequestParts): string[];
  response(operationId: string, status: number, body: unknown): string[];
}

/**
 * Validation as a wrapper around every exchange: each mismatch is recorded
 * (tests assert none) and reported to `onViolation`, and the exchange itself
 * fails loudly — a request answered 422 as GitHub would, a response replaced
 * by a 400 naming the mismatch — so neither side can drift quietly.
 */
export function validatingCheck(validator: OpenApiValidator, record: (v: Violation) => void): ExchangeCheck {
  return {
    request: (operationId, req) => {
      const problems = validator.checkRequest(operationId, req);
      if (problems.length > 0) record({ kind: 'request', operationId, problems });
      return problems;
    },
    response: (operationId, status, body) => {
      const problems = validator.checkResponse(operationId, status, body);
      if (problems.length > 0) record({ kind: 'response', operationId, status, problems });
      return problems;
    },
  };
}
