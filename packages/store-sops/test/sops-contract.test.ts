import { storeContract } from '@docugen-secrets/store-contract';
import { sopsHarness } from './sops-harness.js';

storeContract('git-native SOPS store (local git, pushed to a bare remote)', async (clock) => {
  const h = await sopsHarness({ clock });
  return { store: h.store, newRef: h.newRef, observedText: () => Promise.resolve(h.history()) };
});
