// Every translation engine, one folder each, registered here. A new engine is a folder and a line.
import type { EngineDescriptor } from '../translator.js';
import { apertiumEngine } from './apertium/index.js';

export const ENGINES: EngineDescriptor[] = [apertiumEngine];

export function findEngine(name: string): EngineDescriptor | undefined {
  return ENGINES.find((e) => e.name === name);
}
