// The one list of speech-to-text engines. A new engine is a folder exporting one factory, and one line here.
import type { TranscriberFactory } from '../transcriber.js';
import { pocketsphinxEngine } from './pocketsphinx/index.js';
import { whisperCppEngine } from './whisper-cpp/index.js';
import { openAiHttpEngine } from './openai-http/index.js';

export const TRANSCRIBERS: readonly TranscriberFactory[] = [
  whisperCppEngine,
  openAiHttpEngine,
  pocketsphinxEngine,
];

export function findTranscriber(id: string): TranscriberFactory | undefined {
  return TRANSCRIBERS.find((t) => t.id === id);
}
