import { InMemoryStore, type SecretRef } from '@docugen-secrets/secret-store';
import { storeContract } from '../src/index.js';

storeContract('in-memory store', (clock) =>
  Promise.resolve({
    store: new InMemoryStore({ clock }),
    newRef: (id: string): SecretRef => ({ id, target: { kind: 'memory', name: `contract/${id}` } }),
  }),
);
