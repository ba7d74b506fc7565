import { storeContract } from '@docugen-secrets/store-contract';
import { awsHarness } from './aws-harness.js';

// maxPageSize 2: every listing the adapter makes spans several pages, so the whole suite also proves it follows NextToken.
storeContract('AWS Secrets Manager adapter (local server, 2-item pages)', async (clock) => {
  const h = await awsHarness({ server: { clock, maxPageSize: 2 } });
  return { store: h.store, newRef: h.newRef, observedText: () => Promise.resolve(h.serverLog.text()), close: h.close };
});
