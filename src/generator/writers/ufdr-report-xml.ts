// Writes Cellebrite report.xml (namespace http://pa.cellebrite.com/report/2.0) element by element
// to a sink, in the structure Physical Analyzer uses: project, sourceExtractions, caseInformation,
// metadata sections, taggedFiles, decodedData/modelType/model with field, modelField,
// multiModelField and jumptargets. Nothing is held beyond the element being written.
import { attrs, cdata, escapeText, type TextSink } from './xml-sink.js';

export const UFDR_NAMESPACE = 'http://pa.cellebrite.com/report/2.0';

/** The timestamp text formats of report.xml (docs/formats.md §1.1, after IPED's UfedXmlReader). */
export type UfdrTimeFormat = 1 | 2 | 3 | 4 | 5 | 6;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

function offsetText(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/**
 * Format an instant as report.xml does, in wall time at `offsetMinutes` east of UTC:
 * 1 `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`, 2 `yyyy-MM-dd'T'HH:mm:ss.SSS` (no zone), 3 `yyyy-MM-dd'T'HH:mm:ssXXX`,
 * 4 `dd-MMM-yy HH:mm:ss XXX`, 5 the same with two spaces before the zone, 6 `dd/MM/yyyy HH:mm:ss XXX`.
 */
export function formatUfdrTime(ms: number, format: UfdrTimeFormat, offsetMinutes = 0): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const Y = d.getUTCFullYear();
  const M = d.getUTCMonth();
  const D = p2(d.getUTCDate());
  const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const frac = p3(d.getUTCMilliseconds());
  const zone = offsetText(offsetMinutes);
  const date = `${Y}-${p2(M + 1)}-${D}`;
  switch (format) {
    case 1:
      return `${date}T${hms}.${frac}${zone}`;
    case 2:
      return `${date}T${hms}.${frac}`;
    case 3:
      return `${date}T${hms}${zone}`;
    case 4:
      return `${D}-${MONTHS[M]}-${p2(Y % 100)} ${hms} ${zone}`;
    case 5:
      return `${D}-${MONTHS[M]}-${p2(Y % 100)} ${hms}  ${zone}`;
    case 6:
      return `${D}/${p2(M + 1)}/${Y} ${hms} ${zone}`;
  }
}

/** The instant a formatted value stands for, as the parser must read it back (formats 3–6 drop milliseconds). */
export function expectedUfdrMs(ms: number, format: UfdrTimeFormat): number {
  return format === 1 || format === 2 ? ms : Math.floor(ms / 1000) * 1000;
}

export interface ModelAttrs {
  id: string;
  deleted?: boolean;
  carved?: boolean;
  confidence?: 'High' | 'Medium' | 'Low';
}

export interface PartySpec {
  id: string;
  identifier: string;
  name?: string;
  role: 'From' | 'To' | 'Participants' | 'General';
  owner?: boolean;
}

/** A streaming report.xml writer. Call methods in document order. */
export class ReportXmlWriter {
  constructor(private readonly out: TextSink) {}

  raw(s: string): void {
    this.out.write(s);
  }

  begin(project: Record<string, string | number>): void {
    this.out.write('<?xml version="1.0" encoding="utf-8"?>\n');
    this.out.write(`<project${attrs({ xmlns: UFDR_NAMESPACE, ...project })}>\n`);
  }

  end(): void {
    this.out.write('</project>\n');
  }

  extractions(list: Array<Record<string, string | number>>): void {
    this.out.write('  <sourceExtractions>\n');
    for (const e of list) this.out.write(`    <extractionInfo${attrs(e)} />\n`);
    this.out.write('  </sourceExtractions>\n');
  }

  caseInformation(fields: Array<{ name: string; fieldType: string; value: string }>): void {
    this.out.write('  <caseInformation>\n');
    for (const f of fields)
      this.out.write(
        `    <field${attrs({ name: f.name, isSystem: 'False', isRequired: 'False', fieldType: f.fieldType, multipleLines: 'False' })}>${escapeText(f.value)}</field>\n`,
      );
    this.out.write('  </caseInformation>\n');
  }

  metadata(
    section: string,
    items: Array<{ id: string; name: string; value: string; sourceExtraction?: string }>,
  ): void {
    this.out.write(`  <metadata${attrs({ section })}>\n`);
    for (const i of items)
      this.out.write(
        `    <item${attrs({ id: i.id, name: i.name, sourceExtraction: i.sourceExtraction, systemtype: 'System.String' })}>${cdata(i.value)}</item>\n`,
      );
    this.out.write('  </metadata>\n');
  }

  beginTaggedFiles(): void {
    this.out.write('  <taggedFiles>\n');
  }
  endTaggedFiles(): void {
    this.out.write('  </taggedFiles>\n');
  }

  taggedFile(f: {
    id: string;
    devicePath: string;
    size: number;
    localPath: string;
    sha256: string;
    md5: string;
    tag: string;
    createdMs: number;
    deleted?: boolean;
  }): void {
    const name = f.devicePath.split('/').pop() ?? f.devicePath;
    const t = formatUfdrTime(f.createdMs, 1);
    const ts = (n: string) =>
      `        <timestamp${attrs({ name: n, format: 'TimeStampKnown', formattedTimestamp: t })}>${t}</timestamp>\n`;
    this.out.write(
      `    <file${attrs({ fs: 'Data', fsid: 'fs-0', path: f.devicePath, name, size: f.size, id: f.id, extractionId: '0', deleted: f.deleted ? 'Deleted' : 'Intact', embedded: 'false', isrelated: 'False' })}>\n` +
        `      <accessInfo>\n${ts('CreationTime')}${ts('ModifyTime')}      </accessInfo>\n` +
        `      <metadata section="File">\n` +
        `        <item name="Local Path">${cdata(f.localPath)}</item>\n` +
        `        <item name="SHA256">${cdata(f.sha256)}</item>\n` +
        `        <item name="MD5">${cdata(f.md5)}</item>\n` +
        `        <item name="Tags">${cdata(f.tag)}</item>\n` +
        `      </metadata>\n    </file>\n`,
    );
  }

  beginDecoded(): void {
    this.out.write('  <decodedData>\n');
  }
  endDecoded(): void {
    this.out.write('  </decodedData>\n');
  }
  beginModelType(type: string): void {
    this.out.write(`    <modelType${attrs({ type })}>\n`);
  }
  endModelType(): void {
    this.out.write('    </modelType>\n');
  }

  beginModel(type: string, m: ModelAttrs): void {
    this.out.write(
      `<model${attrs({
        type,
        id: m.id,
        deleted_state: m.deleted ? 'Deleted' : 'Intact',
        decoding_confidence: m.confidence ?? 'High',
        isrelated: 'False',
        source_index: '0',
        extractionId: '0',
        iscarved: m.carved ? 'True' : undefined,
      })}>`,
    );
  }
  endModel(): void {
    this.out.write('</model>\n');
  }

  /** `<field name type><value type>…</value></field>`, or `<empty/>` for null. */
  field(name: string, value: string | number | boolean | null | undefined, type = 'String'): void {
    if (value === null || value === undefined || value === '') {
      this.out.write(`<field${attrs({ name, type })}><empty /></field>`);
      return;
    }
    const text =
      typeof value === 'boolean'
        ? value
          ? 'True'
          : 'False'
        : type === 'String'
          ? cdata(String(value))
          : escapeText(String(value));
    this.out.write(
      `<field${attrs({ name, type })}><value${attrs({ type })}>${text}</value></field>`,
    );
  }

  timeField(name: string, text: string, formatted?: string): void {
    this.out.write(
      `<field${attrs({ name, type: 'TimeStamp' })}><value${attrs({ type: 'TimeStamp', format: 'TimeStampKnown', formattedTimestamp: formatted })}>${escapeText(text)}</value></field>`,
    );
  }

  beginMultiModel(name: string, type: string): void {
    this.out.write(`<multiModelField${attrs({ name, type })}>`);
  }
  endMultiModel(): void {
    this.out.write('</multiModelField>');
  }
  beginModelField(name: string, type: string): void {
    this.out.write(`<modelField${attrs({ name, type })}>`);
  }
  endModelField(): void {
    this.out.write('</modelField>');
  }

  party(p: PartySpec): void {
    this.beginModel('Party', { id: p.id });
    this.field('Identifier', p.identifier);
    this.field('Role', p.role, 'PartyRole');
    this.field('Name', p.name ?? null);
    this.field('IsPhoneOwner', p.owner ?? false, 'Boolean');
    this.endModel();
  }

  jumpTargets(ids: Array<{ id: string; model: boolean }>): void {
    if (!ids.length) return;
    this.out.write('<jumptargets>');
    for (const t of ids)
      this.out.write(
        `<targetid${attrs({ ismodel: t.model ? 'true' : 'false' })}>${escapeText(t.id)}</targetid>`,
      );
    this.out.write('</jumptargets>');
  }

  coordinate(id: string, lat: number, lon: number): void {
    this.beginModel('Coordinate', { id });
    this.field('Latitude', lat, 'Double');
    this.field('Longitude', lon, 'Double');
    this.endModel();
  }
}
