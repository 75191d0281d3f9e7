// Builds detection input (CaseData) for labelled evaluation scenarios and rule tests, without a
// store: devices with owners, one-to-one and group threads, messages in either direction (with
// optional English translations and image attachments) and calls. Numbers are from the Ofcom
// drama range; every text is invented.
import type { CaseData, RawCall, RawMessage, RawThread } from '../case-data.js';
import { lineSwapsOf } from '../line-swaps.js';

export const T0 = Date.UTC(2024, 0, 8);
export const MIN = 60_000;
export const HR = 3_600_000;
export const DAYMS = 86_400_000;

/** `phone:+447700900nnn` for n in 0..999. */
export function num(n: number): string {
  return `phone:+447700${String(900000 + (n % 1000))}`;
}

export interface MessageOpts {
  app?: string;
  translation?: string;
  images?: number;
  deleted?: boolean;
  /** Send to several recipients at once (a group thread with this id). */
  group?: string;
}

export class ScenarioBuilder {
  private readonly messages: RawMessage[] = [];
  private readonly calls: RawCall[] = [];
  private readonly threads = new Map<string, RawThread>();
  private readonly owners = new Map<string, string>();
  private readonly ages = new Map<string, number>();
  private n = 0;

  constructor(readonly caseId = 'case_eval') {}

  /** A seized device owned by `owner`. */
  device(id: string, owner: string): this {
    this.owners.set(id, owner);
    return this;
  }

  age(key: string, years: number): this {
    this.ages.set(key, years);
    return this;
  }

  private threadFor(device: string, app: string, parties: string[], group?: string): string {
    const id = group
      ? `thr_${device}_${group}`
      : `thr_${device}_${app}_${[...parties].sort().join('_')}`;
    if (!this.threads.has(id))
      this.threads.set(id, {
        id,
        device,
        app,
        isGroup: !!group,
        parties: [...new Set(parties)].sort(),
      });
    return id;
  }

  /** A message as `device` recorded it (outgoing when `from` owns the device). */
  msg(
    device: string,
    from: string,
    to: string | string[],
    at: number,
    text: string | null,
    o: MessageOpts = {},
  ): string {
    const owner = this.owners.get(device);
    const recipients = Array.isArray(to) ? to : [to];
    const app = o.app ?? 'sms';
    const id = `msg_${this.caseId}_${++this.n}`;
    this.messages.push({
      id,
      thread: this.threadFor(device, app, [from, ...recipients], o.group),
      device,
      app,
      direction:
        from === owner ? 'outgoing' : recipients.includes(owner ?? '') ? 'incoming' : 'unknown',
      at,
      from,
      to: recipients,
      text,
      translation: o.translation ?? null,
      deleted: o.deleted ?? false,
      images: o.images ?? 0,
    });
    return id;
  }

  call(device: string, from: string, to: string, at: number, durationS = 30): string {
    const id = `call_${this.caseId}_${++this.n}`;
    const owner = this.owners.get(device);
    this.calls.push({
      id,
      device,
      direction: from === owner ? 'outgoing' : 'incoming',
      at,
      from,
      to: [to],
      durationS,
      answered: durationS > 0,
    });
    return id;
  }

  build(extra: Partial<CaseData> = {}): CaseData {
    return {
      caseId: this.caseId,
      messages: this.messages,
      calls: this.calls,
      swaps: lineSwapsOf({ caseId: this.caseId, messages: this.messages, calls: this.calls }),
      threads: [...this.threads.values()],
      owners: new Map(this.owners),
      saved: [],
      ages: new Map(this.ages),
      overrides: [],
      ...extra,
    };
  }
}
