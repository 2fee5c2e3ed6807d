import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/auth/auth";
import type { StaffSession } from "@/lib/auth/staff-session";
import type { ExportQuery } from "@/lib/csv/export-columns";
import type { LiveRowKey } from "@/lib/live/live-change";
import type { Page } from "./keyset-page";

/**
 * Everything about one list, declared once: the URL schema its page, JSON route and exports all
 * read; who may read it; its page of rows; and, if it can be exported, the export's columns and
 * query (same filters, same order). The routes are built from it (lib/queries/list-routes.ts).
 */
export interface ListDeclaration<Schema extends z.ZodObject<Record<string, z.ZodType>>, Row> {
  /** In audit entries and file names, e.g. "rejected-prop-trading". */
  name: string;
  schema: Schema;
  role: Role;
  find: (staff: StaffSession, query: z.output<Schema>) => Promise<Page<Row>>;
  exportQuery?: (query: z.output<Schema>) => ExportQuery;
  /** If the list updates live: which id of a change names its rows, and those rows by id with whether they match the filters. */
  live?: {
    key: LiveRowKey;
    findByIds: (staff: StaffSession, query: z.output<Schema>, ids: readonly string[]) => Promise<ChangedRow<Row>[]>;
  };
}

/** A row the live console was told changed: its current values, and whether it matches the list's filters. */
export interface ChangedRow<Row> {
  id: string;
  matches: boolean;
  row: Row;
}

// biome-ignore lint/suspicious/noExplicitAny: a declaration of any list, whatever its schema and rows.
export type AnyListDeclaration = ListDeclaration<any, unknown>;
