// Every translation engine, one folder each, registered here. A new engine is a folder and a line.
import type { EngineDescriptor } from '../translator.js';
import { apertiumEngine } from './apertium/index.js';
import { bergamotEngine } from './bergamot/index.js';
import { azureEngine } from './azure/index.js';
import { deeplEngine } from './deepl/index.js';
import { libretranslateEngine } from './libretranslate/index.js';
import { llmEngine } from './llm/index.js';

export const ENGINES: EngineDescriptor[] = [
  bergamotEngine,
  apertiumEngine,
  llmEngine,
  libretranslateEngine,
  azureEngine,
  deeplEngine,
];

export function findEngine(name: string): EngineDescriptor | undefined {
  return ENGINES.find((e) => e.name === name);
}
