// Public surface of the model layer.
export * from './errors.js';
export * from './ids.js';
export * from './timestamps.js';
export * from './identifiers.js';
export * from './entities.js';
export * from './text.js';
export * from './canonical-json.js';
