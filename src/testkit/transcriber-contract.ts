// The contract every transcription engine meets (run by each engine's test): it names itself, says
// why it is unavailable or nothing, and returns ordered, bounded segments whose text makes the
// transcript, with the engine and model recorded for provenance.
import { expect } from 'vitest';
import type { DecodedAudio } from '../audio/decode-audio.js';
import type { Transcriber, TranscriberFactory } from '../audio/transcriber.js';

export async function checkTranscriberContract(
  factory: TranscriberFactory,
  engine: Transcriber,
  audio: DecodedAudio,
): Promise<void> {
  expect(engine.id).toBe(factory.id);
  expect(engine.languages.length).toBeGreaterThan(0);
  expect(await engine.unavailable()).toBeNull();
  const t = await engine.transcribe(audio);
  expect(t.engine).toBe(factory.id);
  expect(t.model.length).toBeGreaterThan(0);
  expect(t.segments.length).toBeGreaterThan(0);
  let last = 0;
  for (const s of t.segments) {
    expect(s.start).toBeGreaterThanOrEqual(last - 1e-6);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(audio.seconds + 1);
    if (s.confidence !== null) {
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    last = s.start;
  }
  const joined = t.segments
    .map((s) => s.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  expect(t.text.replace(/\s+/g, ' ').trim()).toBe(joined);
  // the same audio gives the same transcript (offline engines are deterministic; test servers too)
  const again = await engine.transcribe(audio);
  expect(again.text).toBe(t.text);
}
