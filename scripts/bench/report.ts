// Printing tables for the terminal, and the results file.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Table, TargetVerdict } from "./sections";

export const RESULTS_DIR = path.join(import.meta.dirname, "results");

function cell(value: string | number | null): string {
  if (value === null || (typeof value === "number" && Number.isNaN(value))) return "–";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en") : String(value);
  return value;
}

export function formatTable(table: Table): string {
  const rows = table.rows.map((row) => row.map(cell));
  const widths = table.columns.map((column, index) => Math.max(column.length, ...rows.map((row) => (row[index] ?? "").length)));
  const numeric = table.columns.map((_, index) => table.rows.every((row) => typeof row[index] === "number" || row[index] === null));
  const line = (cells: string[]) =>
    cells
      .map((text, index) => (numeric[index] ? text.padStart(widths[index] ?? 0) : text.padEnd(widths[index] ?? 0)))
      .join("  ")
      .trimEnd();
  return [
    `\n${table.title}`,
    line(table.columns),
    line(widths.map((width) => "─".repeat(width))),
    ...rows.map(line),
    ...(table.notes ?? []).map((note) => `  ${note}`),
  ].join("\n");
}

export function formatTargets(targets: readonly TargetVerdict[]): string {
  if (targets.length === 0) return "";
  return ["\nTargets", ...targets.map((target) => `  ${target.met ? "met    " : "MISSED "} ${target.target}: ${target.detail}`)].join("\n");
}

export async function writeResults(mode: string, results: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(
    RESULTS_DIR,
    `${new Date()
      .toISOString()
      .replaceAll(":", "-")
      .replace(/\.\d+Z$/, "Z")}-${mode}.json`,
  );
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
