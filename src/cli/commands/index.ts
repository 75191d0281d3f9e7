// Every CLI command, in help order. A new command is a file here and one line in this list.
import type { RegisterCommand } from '../command.js';
import { registerCase } from './case-command.js';
import { registerIngest } from './ingest-command.js';
import { registerStats } from './stats-command.js';
import { registerSearch } from './search-command.js';
import { registerExport } from './export-command.js';
import { registerGenerate } from './generate-command.js';
import { registerDemo } from './demo-command.js';
import { registerTranslate } from './translate-command.js';
import { registerGlossary } from './glossary-command.js';
import { registerTranslation } from './translation-command.js';
import { registerTranslateFile } from './translate-file-command.js';
import { registerPersons } from './persons-command.js';
import { registerGraph } from './graph-command.js';
import { registerPath } from './path-command.js';
import { registerCommon } from './common-command.js';
import { registerServe } from './serve-command.js';
import { registerCsvProfile } from './csv-profile-command.js';
import { registerCrossmatch } from './crossmatch-command.js';
import { registerWatch } from './watch-command.js';
import { registerIngestBatch } from './ingest-batch-command.js';
import { registerPersonRecord } from './person-record-command.js';
import { registerReviewCold } from './review-cold-command.js';
import { registerVerify } from './verify-command.js';
import { registerAudit } from './audit-command.js';
import { registerAdmin } from './admin-command.js';
import { registerTranscribe, registerTranscript } from './transcribe-command.js';
import { registerVictims } from './victims-command.js';
import { registerDetect } from './detect-command.js';
import { registerModels } from './models-command.js';
import { registerWorker } from './worker-command.js';

export const COMMANDS: RegisterCommand[] = [
  registerCase,
  registerIngest,
  registerStats,
  registerSearch,
  registerExport,
  registerGenerate,
  registerDemo,
  registerTranslate,
  registerGlossary,
  registerTranslation,
  registerTranslateFile,
  registerPersons,
  registerGraph,
  registerPath,
  registerCommon,
  registerServe,
  registerCsvProfile,
  registerCrossmatch,
  registerWatch,
  registerIngestBatch,
  registerPersonRecord,
  registerReviewCold,
  registerVerify,
  registerAudit,
  registerAdmin,
  registerTranscribe,
  registerTranscript,
  registerVictims,
  registerDetect,
  registerModels,
  registerWorker,
];
