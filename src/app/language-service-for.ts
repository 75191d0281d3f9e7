// Builds the language service from the composed application (configuration, store, audit).
import type { AppContext } from './app-context.js';
import { LanguageService } from '../language/language-service.js';

export function languageServiceFor(app: AppContext): LanguageService {
  return new LanguageService({
    store: app.store,
    audit: app.audit,
    translation: {
      engines: app.config.translation.engines as Record<string, Record<string, unknown>>,
      routes: app.config.translation.routes as Record<string, string[]>,
      target: app.config.translation.target,
      maxChars: app.config.translation.maxChars,
      batchSize: app.config.translation.batchSize,
      workers: app.config.translation.workers,
    },
    networkAllowed: app.config.network.allowed,
    dataDir: app.dataDir,
  });
}
