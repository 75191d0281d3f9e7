// Streams a synthetic Cellebrite report.xml of any size straight to a file (for benchmarks): chats
// of WhatsApp and SMS messages in several languages between Ofcom drama-range numbers, plus calls,
// written element by element through a buffered sink, so memory stays flat however large it gets.
import { FileSink, uuidFrom } from './xml-sink.js';
import { ReportXmlWriter, formatUfdrTime } from './ufdr-report-xml.js';

export interface SyntheticReportOptions {
  /** Stop after the document reaches about this many bytes. */
  targetBytes: number;
  /** Messages per chat (default 2,000). */
  messagesPerChat?: number;
  seed?: number;
  /** Called every 64 MiB with the bytes written so far. */
  onProgress?(bytes: number): void;
}

export interface SyntheticReportResult {
  bytes: number;
  chats: number;
  messages: number;
  calls: number;
}

const PHRASES = [
  'Cześć, gdzie jesteś? Zadzwoń do mnie',
  'Ne vedem mâine la ora opt',
  'Ku je? Më telefono sa të mundesh',
  'Anh đang ở đâu? Gọi cho em nhé',
  'آپ کہاں ہیں؟ مجھے کال کریں',
  'aap kahan ho? mujhe call karo',
  '¿Dónde estás? Llámame cuando puedas',
  'meet me at the station tonight',
  'bring the package, usual place',
  'ok on my way 👍',
];

function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Write a report.xml of about `targetBytes` to `path`. */
export function writeSyntheticUfdrReport(
  path: string,
  opts: SyntheticReportOptions,
): SyntheticReportResult {
  const sink = new FileSink(path);
  const w = new ReportXmlWriter(sink);
  const r = rng(opts.seed ?? 42);
  const perChat = opts.messagesPerChat ?? 2000;
  const owner = '447700900000';
  const num = (n: number) => `4477009${String(n % 1000).padStart(5, '0')}`;
  let t = Date.UTC(2023, 0, 1);
  let chats = 0;
  let messages = 0;
  let calls = 0;
  let nextProgress = 64 << 20;
  const progress = () => {
    if (sink.bytes >= nextProgress) {
      opts.onProgress?.(sink.bytes);
      nextProgress += 64 << 20;
    }
  };
  w.begin({
    id: uuidFrom('bench', 'project'),
    name: 'bench',
    reportVersion: '7.69.0.45',
    extractionType: 'FileSystem',
  });
  w.metadata('Device Info', [
    { id: uuidFrom('bench', 'imei'), name: 'IMEI', value: '356938035643809' },
    { id: uuidFrom('bench', 'msisdn'), name: 'MSISDN', value: `+${owner}` },
  ]);
  w.beginDecoded();
  w.beginModelType('Chat');
  // leave room for the closing tags and a few calls
  while (sink.bytes + (1 << 20) < opts.targetBytes) {
    const c = chats++;
    const whatsapp = c % 3 !== 2;
    const other = whatsapp ? `${num(c)}@s.whatsapp.net` : `+${num(c)}`;
    const me = whatsapp ? `${owner}@s.whatsapp.net` : `+${owner}`;
    const chatId = uuidFrom('bench', 'chat', c);
    w.beginModel('Chat', { id: chatId });
    w.field('Source', whatsapp ? 'WhatsApp' : 'Native Messages');
    w.field('Id', other);
    w.beginMultiModel('Participants', 'Party');
    w.party({ id: `${chatId}-o`, identifier: me, role: 'Participants', owner: true });
    w.party({
      id: `${chatId}-p`,
      identifier: other,
      name: `Contact ${c % 1000}`,
      role: 'Participants',
    });
    w.endMultiModel();
    w.beginMultiModel('Messages', 'InstantMessage');
    for (let i = 0; i < perChat && sink.bytes + (1 << 20) < opts.targetBytes; i++) {
      const out = r() < 0.45;
      t += 1000 + Math.floor(r() * 120_000);
      const mid = `${chatId}-${i}`;
      w.beginModel('InstantMessage', { id: mid, deleted: r() < 0.01 });
      w.field('Source', whatsapp ? 'WhatsApp' : 'Native Messages');
      if (!whatsapp) w.field('Type', 'SMS');
      w.field('Body', `${PHRASES[Math.floor(r() * PHRASES.length)]} ${i % 97}`);
      const ts = formatUfdrTime(t, 1);
      w.timeField('TimeStamp', ts, ts);
      w.field('Status', out ? 'Sent' : 'Read', 'MessageStatus');
      w.beginModelField('From', 'Party');
      w.party(
        out
          ? { id: `${mid}f`, identifier: me, role: 'From', owner: true }
          : { id: `${mid}f`, identifier: other, role: 'From' },
      );
      w.endModelField();
      w.beginMultiModel('To', 'Party');
      w.party(
        out
          ? { id: `${mid}t`, identifier: other, role: 'To' }
          : { id: `${mid}t`, identifier: me, role: 'To', owner: true },
      );
      w.endMultiModel();
      w.endModel();
      messages++;
      progress();
    }
    w.endMultiModel();
    w.endModel();
  }
  w.endModelType();
  w.beginModelType('Call');
  for (let i = 0; i < 100; i++) {
    const id = uuidFrom('bench', 'call', i);
    w.beginModel('Call', { id });
    w.field('Direction', i % 2 ? 'Incoming' : 'Outgoing', 'CallDirection');
    w.timeField('TimeStamp', formatUfdrTime(t + i * 60_000, 1));
    w.field('Duration', '00:01:05', 'TimeSpan');
    w.beginMultiModel('Parties', 'Party');
    w.party({ id: `${id}-p`, identifier: `+${num(i)}`, role: i % 2 ? 'From' : 'To' });
    w.endMultiModel();
    w.endModel();
    calls++;
  }
  w.endModelType();
  w.endDecoded();
  w.end();
  sink.close();
  return { bytes: sink.bytes, chats, messages, calls };
}
