import { InMemoryStore, type SecretRef } from '../src/index.js';
import { storeContract } from './contract.js';

storeContract('in-memory store', (clock) =>
  Promise.resolve({
    store: new InMemoryStore({ clock }),
    newRef: (id: string): SecretRef => ({ id, target: { kind: 'memory', name: `contract/${id}` } }),
  }),
);
