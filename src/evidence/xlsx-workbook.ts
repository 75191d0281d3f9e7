// Reads XLSX workbooks as evidence, streaming: the zip through the hardened ZipContainer (inflated
// bytes, entry count and overlap budgeted; names never used as paths), every part through the
// hardened streaming XML reader (no DOCTYPE expansion, depth and field limits), shared strings held
// within a character budget, and sheet rows delivered one at a time with their row numbers.
import { AppError, ErrorCodes } from '../model/errors.js';
import type { EvidenceFile } from './evidence-file.js';
import { readXmlStream, child, childrenNamed, deepText, type XmlNode } from './xml-stream.js';
import { ZipContainer, defaultZipBudget, type ZipBudget } from './zip-container.js';

export interface XlsxSheet {
  name: string;
  /** Path of the sheet part inside the zip. */
  path: string;
}

export interface XlsxRow {
  /** 1-based row number as in the sheet. */
  r: number;
  /** Cell texts by 0-based column (missing cells are ''). */
  cells: string[];
}

export interface XlsxLimits {
  /** Most characters held in the shared-string table. */
  maxSharedChars: number;
  /** Most shared strings. */
  maxSharedStrings: number;
  /** Highest column index read (XFD is 16384). */
  maxColumns: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxSharedChars: 256 << 20,
  maxSharedStrings: 20_000_000,
  maxColumns: 16_384,
};

/** `A1` → 0, `AB7` → 27; -1 when not a cell reference. */
export function columnIndex(ref: string): number {
  const m = /^([A-Z]{1,3})\d*$/i.exec(ref);
  if (!m) return -1;
  let n = 0;
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Text of a rich or plain string item, without phonetic runs. */
function stringItem(si: XmlNode): string {
  let out = '';
  for (const c of si.children) {
    if (c.name === 't') out += c.text;
    else if (c.name === 'r') out += child(c, 't')?.text ?? '';
  }
  return out;
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

export class XlsxWorkbook {
  readonly sheets: XlsxSheet[] = [];
  private shared: string[] | null = null;
  readonly warnings: string[] = [];

  private constructor(
    readonly zip: ZipContainer,
    readonly file: EvidenceFile,
    readonly limits: XlsxLimits,
  ) {}

  /** Open an XLSX: lists the zip and reads the workbook part (sheet names and their parts). */
  static async open(
    file: EvidenceFile,
    opts: { budget?: ZipBudget; limits?: Partial<XlsxLimits>; zip?: ZipContainer } = {},
  ): Promise<XlsxWorkbook> {
    const zip =
      opts.zip ?? (await ZipContainer.open(file, opts.budget ?? defaultZipBudget(file.size)));
    const wb = new XlsxWorkbook(zip, file, { ...DEFAULT_XLSX_LIMITS, ...opts.limits });
    try {
      await wb.readWorkbook();
    } catch (e) {
      if (!opts.zip) zip.close();
      throw e;
    }
    return wb;
  }

  private where(record: string) {
    return { file: this.file.path, record };
  }

  /** Materialise the records named `record` of a small part (workbook, relationships). */
  private async records(path: string, enter: string[], record: string): Promise<XmlNode[]> {
    if (!this.zip.has(path))
      throw new AppError(
        ErrorCodes.PARSE_ERROR,
        `not an XLSX workbook: no ${path}`,
        this.where(path),
      );
    const out: XmlNode[] = [];
    await readXmlStream(await this.zip.openEntry(path), {
      file: `${this.file.path}!/${path}`,
      limits: { maxRecordChars: 1 << 20 },
      decide: (name) => (name === record ? 'record' : enter.includes(name) ? 'enter' : 'skip'),
      onEvent: (e) => {
        if (e.kind === 'record') out.push(e.node);
      },
      onWarning: (p, where) => this.warnings.push(`${p.code} @ ${path} ${where}: ${p.message}`),
    });
    return out;
  }

  private async readWorkbook(): Promise<void> {
    const wbPath = 'xl/workbook.xml';
    const sheets = await this.records(wbPath, ['workbook', 'sheets'], 'sheet');
    const relsPath = 'xl/_rels/workbook.xml.rels';
    const rels = this.zip.has(relsPath)
      ? await this.records(relsPath, ['Relationships'], 'Relationship')
      : [];
    const targets = new Map(rels.map((r) => [r.attrs.Id ?? '', r.attrs.Target ?? '']));
    sheets.forEach((s, i) => {
      const rid =
        s.attrs['r:id'] ?? Object.entries(s.attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
      const target = targets.get(rid);
      const path = target ? resolvePart(wbPath, target) : `xl/worksheets/sheet${i + 1}.xml`;
      this.sheets.push({ name: s.attrs.name ?? `Sheet${i + 1}`, path });
    });
  }

  /** The shared-string table, read once within the character budget. */
  private async sharedStrings(): Promise<string[]> {
    if (this.shared) return this.shared;
    const path = 'xl/sharedStrings.xml';
    const out: string[] = [];
    if (this.zip.has(path)) {
      let chars = 0;
      await readXmlStream(await this.zip.openEntry(path), {
        file: `${this.file.path}!/${path}`,
        decide: (name) => (name === 'si' ? 'record' : name === 'sst' ? 'enter' : 'skip'),
        onEvent: (e) => {
          if (e.kind !== 'record') return;
          const s = stringItem(e.node);
          chars += s.length;
          if (chars > this.limits.maxSharedChars || out.length >= this.limits.maxSharedStrings)
            throw new AppError(
              ErrorCodes.BUDGET_EXCEEDED,
              `shared strings exceed the budget (${this.limits.maxSharedStrings} strings, ${this.limits.maxSharedChars} characters)`,
              this.where(path),
            );
          out.push(s);
        },
        onWarning: (p, where) => this.warnings.push(`${p.code} @ ${path} ${where}: ${p.message}`),
      });
    }
    this.shared = out;
    return out;
  }

  /**
   * Deliver a sheet's rows in order. A cell referring to a shared string that does not exist is
   * read as '' and reported through `onProblem`, as are XML problems inside a row.
   */
  async readRows(
    sheet: XlsxSheet,
    onRow: (row: XlsxRow) => Promise<void> | void,
    onProblem: (message: string, record: string) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const shared = await this.sharedStrings();
    if (!this.zip.has(sheet.path))
      throw new AppError(
        ErrorCodes.PARSE_ERROR,
        `sheet ${sheet.name} has no part ${sheet.path}`,
        this.where(sheet.path),
      );
    let nextRow = 1;
    await readXmlStream(await this.zip.openEntry(sheet.path), {
      file: `${this.file.path}!/${sheet.path}`,
      signal,
      decide: (name) =>
        name === 'row' ? 'record' : name === 'worksheet' || name === 'sheetData' ? 'enter' : 'skip',
      onEvent: async (e) => {
        if (e.kind !== 'record') return;
        const r = Number(e.node.attrs.r ?? nextRow);
        const rowNo = Number.isInteger(r) && r > 0 ? r : nextRow;
        nextRow = rowNo + 1;
        for (const p of e.problems)
          onProblem(`${p.code}: ${p.message}`, `${sheet.name}!row ${rowNo}`);
        const cells: string[] = [];
        let col = 0;
        for (const c of childrenNamed(e.node, 'c')) {
          const ref = c.attrs.r;
          const idx = ref ? columnIndex(ref) : col;
          col = (idx >= 0 ? idx : col) + 1;
          const at = idx >= 0 ? idx : col - 1;
          if (at >= this.limits.maxColumns) {
            onProblem(
              `cell ${ref ?? at} is beyond column ${this.limits.maxColumns}; ignored`,
              `${sheet.name}!row ${rowNo}`,
            );
            continue;
          }
          const t = c.attrs.t ?? 'n';
          const v = child(c, 'v')?.text ?? '';
          let text: string;
          if (t === 's') {
            const i = Number(v);
            text = Number.isInteger(i) && i >= 0 && i < shared.length ? shared[i]! : '';
            if (text === '' && !(Number.isInteger(i) && i >= 0 && i < shared.length))
              onProblem(
                `cell ${ref ?? at} refers to shared string ${JSON.stringify(v)}, which does not exist`,
                `${sheet.name}!row ${rowNo}`,
              );
          } else if (t === 'inlineStr') {
            const is = child(c, 'is');
            text = is ? stringItem(is) : deepText(c);
          } else if (t === 'b') text = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
          else text = v;
          while (cells.length < at) cells.push('');
          cells[at] = text;
        }
        await onRow({ r: rowNo, cells });
      },
      onWarning: (p, where) => onProblem(`${p.code}: ${p.message} (${where})`, sheet.name),
    });
  }

  close(): void {
    this.zip.close();
  }
}
