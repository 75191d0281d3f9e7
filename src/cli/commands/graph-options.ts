// Shared options of the graph commands (`graph`, `path`): node mode and filters, parsed and checked.
import type { Command } from 'commander';
import { AppError, ErrorCodes } from '../../model/errors.js';
import type { BuildOptions } from '../../graph/graph-types.js';

export interface GraphFlags {
  mode?: string;
  from?: string;
  to?: string;
  app?: string[];
  device?: string[];
  direction?: string;
  minWeight?: string;
  contacts?: boolean;
}

export function addGraphFilterOptions(cmd: Command): Command {
  return cmd
    .option('--mode <mode>', 'nodes are identifiers or persons (identifier | person)', 'identifier')
    .option('--from <time>', 'only items at or after this time (ISO-8601)')
    .option('--to <time>', 'only items before this time (ISO-8601)')
    .option('--app <app...>', 'only these apps (sms, whatsapp, phone …)')
    .option('--device <id...>', 'only items read from these devices (ids)')
    .option('--direction <dir>', 'only incoming | outgoing | unknown items')
    .option('--min-weight <n>', 'leave out links with fewer messages and calls')
    .option('--no-contacts', 'leave out contact-only links (saved numbers)');
}

function time(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (!Number.isFinite(t))
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `--${name} must be an ISO-8601 time, not ${JSON.stringify(v)}`,
    );
  return t;
}

export function int(
  name: string,
  v: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      `--${name} must be a whole number from ${min} to ${max}`,
    );
  return n;
}

export function buildOptions(f: GraphFlags): BuildOptions {
  if (f.mode !== undefined && f.mode !== 'identifier' && f.mode !== 'person')
    throw new AppError(ErrorCodes.INVALID_ARGUMENT, '--mode must be identifier or person');
  if (f.direction !== undefined && !['incoming', 'outgoing', 'unknown'].includes(f.direction))
    throw new AppError(
      ErrorCodes.INVALID_ARGUMENT,
      '--direction must be incoming, outgoing or unknown',
    );
  return {
    mode: (f.mode ?? 'identifier') as BuildOptions['mode'],
    from: time('from', f.from),
    to: time('to', f.to),
    apps: f.app,
    devices: f.device,
    direction: f.direction as BuildOptions['direction'],
    minWeight: int('min-weight', f.minWeight, 1, 1e9),
    includeContacts: f.contacts !== false,
  };
}
