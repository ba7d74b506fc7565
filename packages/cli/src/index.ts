export { main } from './main.js';
export { type Command, type CommandContext, type Output, EXIT } from './command.js';
export { registry } from './registry.js';
