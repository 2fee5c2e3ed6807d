// A one-sheet XLSX workbook written as a stream: the SpreadsheetML parts are a few lines of XML
// each, and the sheet's rows are deflated into the zip as they come (fflate), so memory stays flat
// however many rows. (ExcelJS's "streaming" writer keeps every row's bytes until the end: measured
// at 1 MB of memory per thousand rows.)
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

/** How a column's cells are typed and shown. */
export type XlsxKind = "text" | "integer" | "decimal" | "timestamp" | "boolean";
export type XlsxCell = string | number | boolean | Date | null;

// Style indexes into styles.xml below: 0 default, 1 header (bold), then one per kind.
const STYLE: Record<XlsxKind, number> = { text: 2, integer: 3, decimal: 4, timestamp: 5, boolean: 0 };
const WIDTH: Record<XlsxKind, number> = { text: 24, integer: 12, decimal: 20, timestamp: 24, boolean: 10 };

const encoder = new TextEncoder();

/**
 * Text as XML character data: markup escaped, and characters XML 1.0 cannot carry (C0 controls but
 * tab, LF, CR) written as Excel's `_xHHHH_` escapes, which it turns back into the characters; a
 * literal `_xHHHH_` in the text gets its underscore escaped so it is not read as one.
 */
export function xmlText(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1")
    .replace(/[&<>"]/g, (char) => (char === "&" ? "&amp;" : char === "<" ? "&lt;" : char === ">" ? "&gt;" : "&quot;"))
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters XML 1.0 cannot carry.
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (char) => `_x${char.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}_`,
    )
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** Excel's serial day number of an instant (days since 1899-12-30), as its UTC wall time. */
export function excelSerial(date: Date): number {
  return date.getTime() / 86_400_000 + 25_569;
}

/** A cell's longest text Excel keeps. */
const MAX_CELL_TEXT = 32_767;

/** A, B, …, Z, AA, AB, … */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function cellXml(ref: string, kind: XlsxKind, value: XlsxCell): string {
  if (value === null) return "";
  if (typeof value === "string") {
    const text = value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value;
    return `<c r="${ref}" t="inlineStr" s="${STYLE.text}"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
  }
  if (typeof value === "boolean") return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) return `<c r="${ref}" s="${STYLE.timestamp}"><v>${excelSerial(value)}</v></c>`;
  return `<c r="${ref}" s="${STYLE[kind]}"><v>${value}</v></c>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.##################"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss.000"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

function workbookXml(sheetName: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

/** A sheet name Excel accepts: at most 31 characters, none of \ / ? * [ ] : */
export function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, "-").slice(0, 31) || "Sheet1";
}

export interface XlsxColumn {
  header: string;
  kind: XlsxKind;
}

/**
 * Writes one workbook: `start()` with the columns, `row()` per row, `end()`. `onData` receives the
 * zip's bytes as they are produced; `final` marks the last chunk.
 */
export class XlsxStreamWriter {
  private readonly zip: Zip;
  private sheet: ZipDeflate | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  private columns: XlsxColumn[] = [];
  private letters: string[] = [];
  private rowNumber = 1;

  constructor(onData: (chunk: Uint8Array, final: boolean) => void, onError: (error: Error) => void) {
    this.zip = new Zip((error, chunk, final) => {
      if (error) onError(error);
      else onData(chunk, final);
    });
  }

  private addSmallFile(path: string, text: string) {
    const file = new ZipPassThrough(path);
    this.zip.add(file);
    file.push(encoder.encode(text), true);
  }

  start(name: string, columns: XlsxColumn[]): void {
    this.columns = columns;
    this.letters = columns.map((_, index) => columnLetters(index));
    this.addSmallFile("[Content_Types].xml", CONTENT_TYPES);
    this.addSmallFile("_rels/.rels", ROOT_RELS);
    this.addSmallFile("xl/workbook.xml", workbookXml(sheetName(name)));
    this.addSmallFile("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
    this.addSmallFile("xl/styles.xml", STYLES);
    // Level 1: a workbook is mostly repeated markup, which even the fastest deflate shrinks ~10×.
    this.sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: 1 });
    this.zip.add(this.sheet);
    const cols = columns.map(
      (column, index) => `<col min="${index + 1}" max="${index + 1}" width="${WIDTH[column.kind]}" customWidth="1"/>`,
    );
    const header = columns
      .map((column, index) => `<c r="${this.letters[index]}1" t="inlineStr" s="1"><is><t>${xmlText(column.header)}</t></is></c>`)
      .join("");
    this.write(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${cols.join("")}</cols><sheetData><row r="1">${header}</row>`,
    );
  }

  row(values: XlsxCell[]): void {
    this.rowNumber += 1;
    const number = this.rowNumber;
    let xml = `<row r="${number}">`;
    for (let index = 0; index < this.columns.length; index++)
      xml += cellXml(`${this.letters[index]}${number}`, this.columns[index]?.kind ?? "text", values[index] ?? null);
    this.write(`${xml}</row>`);
  }

  end(): void {
    this.write("</sheetData></worksheet>");
    this.flush(true);
    this.zip.end();
  }

  /** Rows are gathered into ~64 KiB pieces before deflating: one push per row would cost more than the rows. */
  private write(xml: string) {
    this.pending.push(xml);
    this.pendingLength += xml.length;
    if (this.pendingLength >= 64 * 1024) this.flush(false);
  }

  private flush(final: boolean) {
    if (!this.sheet) throw new Error("start() first");
    this.sheet.push(encoder.encode(this.pending.join("")), final);
    this.pending = [];
    this.pendingLength = 0;
  }
}
