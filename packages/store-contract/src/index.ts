export { type ContractHarness, storeContract } from './contract.js';
