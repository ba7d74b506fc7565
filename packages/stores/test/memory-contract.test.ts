import { InMemoryStore, type SecretRef } from '../src/index.js';
import { storeContract } from './contract.js';

storeContract('in-memory store', () =>
  Promise.resolve({
    store: new InMemoryStore(),
    newRef: (id: string): SecretRef => ({ id, target: { kind: 'memory', name: `contract/${id}` } }),
  }),
);
