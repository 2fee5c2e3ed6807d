// What a measurement section is: a name, and a run that returns printable tables, the figures to
// save, and verdicts on the targets. run.ts runs the sections in order; adding one (a list
// route, the CSV export route, pages in Chromium) is writing a BenchSection and listing it there.
import type { BenchDatabase } from "./database";
import type { DatasetInfo } from "./generate";
import type { RunningServer } from "./servers";

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  notes?: string[];
}

export interface TargetVerdict {
  target: string;
  met: boolean;
  detail: string;
}

export interface SectionReport {
  tables: Table[];
  /** Saved under the section's name in the results file. */
  data: unknown;
  targets?: TargetVerdict[];
}

export interface BenchContext {
  quick: boolean;
  database: BenchDatabase;
  /** The generated data set the database holds (the data section runs first). */
  dataset: () => DatasetInfo;
  /** The production app server, started (after building if needed) on first use and shared by later sections. */
  app: () => Promise<RunningServer>;
  signal: AbortSignal;
  say: (message: string) => void;
}

export interface BenchSection {
  name: string;
  run: (context: BenchContext) => Promise<SectionReport>;
}
