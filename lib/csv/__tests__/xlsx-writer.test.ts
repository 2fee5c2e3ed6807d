// The streaming XLSX writer, read back by an independent reader (ExcelJS): every cell type, text
// XML cannot carry, and columns past Z.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { columnLetters, excelSerial, XlsxStreamWriter, xmlText } from "../xlsx-writer";

async function written(
  rows: (string | number | boolean | Date | null)[][],
  kinds: ("text" | "integer" | "decimal" | "timestamp" | "boolean")[],
) {
  const chunks: Uint8Array[] = [];
  const writer = new XlsxStreamWriter(
    (chunk) => chunks.push(chunk),
    (error) => {
      throw error;
    },
  );
  writer.start(
    "a/name:with*bad[chars] and far too long for a sheet",
    kinds.map((kind, index) => ({ header: `h${index}`, kind })),
  );
  for (const row of rows) writer.row(row);
  writer.end();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook.worksheets[0] as ExcelJS.Worksheet;
}

describe("the XLSX writer", () => {
  it("writes text, numbers, dates, booleans and empty cells that a reader gets back as written", async () => {
    const at = new Date("2024-07-30T09:00:26.123Z");
    const sheet = await written(
      [
        ["0012345", 42, "7000.5", at, true],
        ["=1+1", null, "12345678901234567890.12", null, false],
      ],
      ["text", "integer", "text", "timestamp", "boolean"],
    );
    expect(sheet.name).toBe("a-name-with-bad-chars- and far ");
    expect(sheet.getRow(1).values).toEqual([undefined, "h0", "h1", "h2", "h3", "h4"]);
    expect(sheet.getRow(2).values).toEqual([undefined, "0012345", 42, "7000.5", at, true]);
    expect(sheet.getCell("A3").value).toBe("=1+1");
    expect(sheet.getCell("A3").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("B3").value).toBeNull();
    expect(sheet.getCell("E3").value).toBe(false);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("carries markup, tabs, CJK and emoji as written", async () => {
    const tricky = 'a<b>&"c" tab\there 全是 😀 </t></is></c>';
    const sheet = await written([[tricky]], ["text"]);
    expect(sheet.getCell("A2").value).toBe(tricky);
  });

  it("writes characters XML cannot carry as the _xHHHH_ escapes Excel reads back (ECMA-376 ST_Xstring)", () => {
    // ExcelJS does not decode these; Excel and LibreOffice do. A literal "_x0041_" must not read as "A".
    expect(xmlText("a\u0001b\u000bc _x0041_")).toBe("a_x0001_b_x000B_c _x005F_x0041_");
  });

  it("names columns past Z as a spreadsheet does", () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("escapes what XML cannot hold, and dates as Excel's serial days", () => {
    expect(xmlText("<&>\u0000_x0000_")).toBe("&lt;&amp;&gt;_x0000__x005F_x0000_");
    expect(excelSerial(new Date("1970-01-01T00:00:00Z"))).toBe(25_569);
  });
});
