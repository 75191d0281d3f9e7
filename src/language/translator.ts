// The Translator contract every engine implements (one folder per engine under engines/), and
// what engines receive: their settings, the network policy and a fetch for HTTP engines.
import { AppError, ErrorCodes } from '../model/errors.js';

export interface TranslationRequest {
  /** Caller's id for the item (message id, CSV line); results come back with the same id. */
  id: string;
  text: string;
  /** BCP-47 source language (as identified; never `und`). */
  source: string;
  target: string;
}

/** One item's outcome: a translation, or a typed error for that item alone. */
export type TranslationOutcome =
  | {
      id: string;
      ok: true;
      text: string;
      /** Model identity actually used (the engine's model id, or the model the server reported). */
      model: string;
      warnings?: string[];
    }
  | { id: string; ok: false; code: string; message: string };

export interface EngineInfo {
  /** Engine name as configured and stored with every translation. */
  engine: string;
  /** Model identity (pair package and version, model pack, served model id). */
  model: string;
  /** SHA-256 of the model files where known (null when the engine cannot know it: cloud services). */
  modelHash: string | null;
  /** True for engines that run on this machine (no text leaves it). */
  offline: boolean;
  /** Cost per million source characters in the configured currency, for paid cloud engines. */
  costPerMillionChars?: { amount: number; currency: string };
  /** Measured or documented throughput, characters per second, used for estimates. */
  charsPerSecond?: number;
}

export interface Translator {
  readonly name: string;
  /** Prepare (start processes, load models, check the endpoint). Throws ENGINE_UNAVAILABLE. */
  open(): Promise<void>;
  /** Source→target pairs this engine can do (after open). */
  supports(source: string, target: string): boolean;
  info(source: string, target: string): EngineInfo;
  /**
   * Translate a batch. The engine splits it to respect its own batch and size limits. Items it
   * cannot translate come back as errors with stable codes; the call itself throws only when the
   * engine as a whole fails (ENGINE_UNAVAILABLE, NETWORK_DISABLED).
   */
  translate(
    requests: readonly TranslationRequest[],
    signal?: AbortSignal,
  ): Promise<TranslationOutcome[]>;
  close(): Promise<void>;
}

export interface EngineContext {
  /** This engine's settings from configuration (`translation.engines.<name>`). */
  settings: Record<string, unknown>;
  /** Outbound network allowed (`network.allowed`); HTTP engines refuse to start otherwise. */
  networkAllowed: boolean;
  /** Data folder (model packs live under `<dataDir>/models`). */
  dataDir: string;
  /** fetch, injectable for tests. */
  fetch?: typeof fetch;
  /** Parallel workers an engine may use (default 2: both cores). */
  workers?: number;
}

export interface EngineDescriptor {
  name: string;
  description: string;
  /** Whether this engine sends text over the network (HTTP engines). */
  network: boolean;
  create(ctx: EngineContext): Translator;
}

export function unsupportedPair(engine: string, source: string, target: string): AppError {
  return new AppError(
    ErrorCodes.UNSUPPORTED_LANGUAGE_PAIR,
    `${engine} cannot translate ${source} → ${target}`,
    { engine, source, target },
  );
}

export function engineUnavailable(engine: string, why: string, cause?: unknown): AppError {
  return new AppError(
    ErrorCodes.ENGINE_UNAVAILABLE,
    `${engine} is unavailable: ${why}`,
    { engine },
    { cause },
  );
}

export function networkDisabled(engine: string): AppError {
  return new AppError(
    ErrorCodes.NETWORK_DISABLED,
    `${engine} needs the network, which is off (set network.allowed to true to use it)`,
    { engine },
  );
}

/** Base language of a tag: `ur-Latn` → `ur`, `pt-BR` → `pt`. */
export function baseLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}
