// Worker thread for language identification: loads the identifier once and answers batches.
import { parentPort } from 'node:worker_threads';
import { LanguageIdentifier } from './language-identifier.js';

export interface LangIdRequest {
  id: number;
  texts: string[];
  minConfidence?: number;
}

const identifier = LanguageIdentifier.create();

parentPort?.on('message', (req: LangIdRequest) => {
  void identifier.then(
    (id) => parentPort?.postMessage({ id: req.id, guesses: req.texts.map((t) => id.identify(t)) }),
    (e: Error) => parentPort?.postMessage({ id: req.id, error: e.message }),
  );
});
