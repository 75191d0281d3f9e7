// Builds the transcription engines in preference order from the `audio` configuration section.
import { AppError, ErrorCodes } from '../model/errors.js';
import { findTranscriber, TRANSCRIBERS } from './engines/index.js';
import type { Transcriber } from './transcriber.js';

export interface AudioSettings {
  engines: Record<string, Record<string, unknown>>;
  order: readonly string[];
}

export function createTranscribers(
  settings: AudioSettings,
  networkAllowed: boolean,
  only?: string,
): Transcriber[] {
  const ids = only ? [only] : settings.order;
  return ids.map((id) => {
    const f = findTranscriber(id);
    if (!f)
      throw new AppError(
        ErrorCodes.INVALID_ARGUMENT,
        `unknown transcription engine "${id}" (known: ${TRANSCRIBERS.map((t) => t.id).join(', ')})`,
      );
    return f.create({ options: settings.engines[id] ?? {}, networkAllowed });
  });
}
