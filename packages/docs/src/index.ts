export { renderSecretsReference } from './render.js';
