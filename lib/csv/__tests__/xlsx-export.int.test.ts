// The spreadsheet export: the same rows as the CSV, typed so that a spreadsheet shows them as
// they are — ids as text (0012345 keeps its zeros), exact decimals as numbers only where a
// spreadsheet holds them exactly, times as dates, a frozen header row — read back with ExcelJS.
import ExcelJS from "exceljs";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRejected } from "@/app/api/prop-trading/rejected/export/route";
import { db } from "@/lib/db/client";
import { ingestDelivery } from "@/lib/ingest/ingest-delivery";
import { crmRejectPayload } from "@/tooling/testing/payloads";
import { createTestStaff, type TestStaff } from "@/tooling/testing/staff-session";
import { spreadsheetDecimal } from "../stream-xlsx-export";

let viewer: TestStaff;

beforeAll(async () => {
  viewer = await createTestStaff("viewer");
  const deliver = (payload: unknown) =>
    ingestDelivery({ sender: "crm", rawBody: Buffer.from(JSON.stringify(payload)), headers: {}, signatureForm: "test" });
  await deliver(
    crmRejectPayload({ id: "0012345", userId: "000777", requestTime: "2024-07-30 09:00:26", initialBalance: "7000.5", leverage: 200 }),
  );
  await deliver(
    crmRejectPayload({
      id: "huge-1",
      userId: "000777",
      requestTime: "2024-07-30 09:00:27",
      initialBalance: "12345678901234567890.123456789012345678",
      group: '=HYPERLINK("http://evil")',
    }),
  );
});

async function workbookOf(url: string) {
  const response = await exportRejected(new NextRequest(`http://localhost${url}`, { headers: { cookie: viewer.cookie } }));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  return { response, sheet: workbook.worksheets[0] as ExcelJS.Worksheet };
}

describe("XLSX export", () => {
  it("types every cell as a spreadsheet should read it, with a frozen header row", async () => {
    const { response, sheet } = await workbookOf("/api/prop-trading/rejected/export?format=xlsx&user=000777&sort=requestTime.asc");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/filename="rejected-prop-trading-\d{4}-\d{2}-\d{2}\.xlsx"/);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(["request_id", "stage", "status", "status_sent", "user_id", "request_time_utc"]);
    const column = (name: string) => header.indexOf(name) + 1;
    const first = sheet.getRow(2);
    // Ids and codes stay text: the leading zeros survive.
    expect(first.getCell(column("request_id")).value).toBe("0012345");
    expect(first.getCell(column("user_id")).value).toBe("000777");
    // Exact decimals a spreadsheet can hold are numbers, shown at their scale.
    expect(first.getCell(column("initial_balance")).value).toBe(7000.5);
    expect(first.getCell(column("initial_balance")).numFmt).toBe("#,##0.##################");
    expect(first.getCell(column("leverage")).value).toBe(200);
    // Times are dates (UTC).
    expect((first.getCell(column("request_time_utc")).value as Date).toISOString()).toBe("2024-07-30T09:00:26.000Z");
    // One it would round stays text, digit for digit; text is never a formula.
    const second = sheet.getRow(3);
    expect(second.getCell(column("initial_balance")).value).toBe("12345678901234567890.123456789012345678");
    expect(second.getCell(column("group")).value).toBe('=HYPERLINK("http://evil")');
    expect(second.getCell(column("group")).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.rowCount).toBe(3);
    const entry = await db().auditLog.findFirst({ where: { action: "export", actorId: viewer.id }, orderBy: { id: "desc" } });
    expect(entry?.details).toMatchObject({ list: "rejected-prop-trading", format: "xlsx", rows: 2 });
  });

  it("refuses an unknown format, and a malformed filter, before any byte", async () => {
    for (const url of ["/api/prop-trading/rejected/export?format=pdf", "/api/prop-trading/rejected/export?format=xlsx&to=10000-01-01"]) {
      const response = await exportRejected(new NextRequest(`http://localhost${url}`, { headers: { cookie: viewer.cookie } }));
      expect(response.status, url).toBe(400);
    }
  });

  it.each([
    ["7000.5", 7000.5],
    ["-0.000000000000001", -0.000000000000001],
    ["123456789012345", 123456789012345],
    ["1234567890123456", "1234567890123456"],
    ["0.1234567890123456", "0.1234567890123456"],
    ["12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"],
  ])("writes the decimal %s as %o", (text, expected) => {
    expect(spreadsheetDecimal(text).value).toBe(expected);
  });
});
