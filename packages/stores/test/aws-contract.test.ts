import { storeContract } from './contract.js';
import { awsHarness } from './aws-harness.js';

storeContract('AWS Secrets Manager adapter (local server)', async () => {
  const h = await awsHarness();
  return { store: h.store, newRef: h.newRef, observedText: () => Promise.resolve(h.serverLog.text()), close: h.close };
});
