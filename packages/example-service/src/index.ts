/**
 * @packageDocumentation
 * `@docugen-secrets/example-service` — a small DocuGen-style document service
 * built on `@docugen-secrets/client`: it signs share-link JWTs, calls the
 * Places API, signs storage requests and verifies webhook HMACs, every
 * credential read from the client per request, so rotations reach it without
 * a restart. Its tests hold the zero-downtime proof (`npm run zero-downtime`).
 */
export {
  startDocumentService,
  type DocumentServiceOptions,
  type DocumentServiceSecrets,
  type RunningDocumentService,
} from './service.js';
export { webhookSignature, verifyWebhook, SIGNATURE_HEADER } from './webhook.js';
