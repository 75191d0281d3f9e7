// The Transcriber contract: every speech-to-text engine (one folder each under engines/) turns
// 16 kHz mono PCM into timed segments and says exactly which engine and model produced them.
import type { DecodedAudio } from './decode-audio.js';

export interface TranscriptSegment {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  text: string;
  /** 0..1 where the engine reports one, else null (never invented). */
  confidence: number | null;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
  /** Spoken language as the engine reports it (BCP-47), or null when the engine cannot tell. */
  language: string | null;
  engine: string;
  /** Model id and the SHA-256 of its files where known. */
  model: string;
  modelHash: string | null;
}

export interface TranscribeOptions {
  /** A language hint (BCP-47) where the engine takes one. */
  language?: string;
  signal?: AbortSignal;
}

export interface Transcriber {
  readonly id: string;
  /** Languages it can transcribe (`*` for any it detects itself). */
  readonly languages: readonly string[];
  /** Null when ready, else why not (a missing package, model or configuration). */
  unavailable(): Promise<string | null>;
  transcribe(audio: DecodedAudio, opts?: TranscribeOptions): Promise<Transcript>;
}

/** Settings an engine factory receives: its own section of `audio.engines.<id>`, and the network switch. */
export interface TranscriberSettings {
  options: Record<string, unknown>;
  networkAllowed: boolean;
}

export interface TranscriberFactory {
  id: string;
  /** Off unless configured (cloud and force-hosted endpoints); offline engines are on. */
  offline: boolean;
  create(settings: TranscriberSettings): Transcriber;
}
