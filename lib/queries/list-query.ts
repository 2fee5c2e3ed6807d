// What every list shares: reading its zod schema from URL search params (the page, its JSON route
// and its CSV export all go through parseListQuery), nuqs parsers derived from the same schema for
// the client, and keyset pagination.
// No "server-only": client components derive their URL parsers from the schemas too.
import { createParser, type SingleParserBuilder } from "nuqs/server";
import { z } from "zod";

export type RawSearchParams = Record<string, string | string[] | undefined>;
type ListSchema = z.ZodObject<Record<string, z.ZodType>>;

export const PAGE_SIZE = 50;
/** Counting stops here: "10 000+ matches" is as useful as an exact figure and stays fast on millions of rows. */
export const COUNT_CAP = 10_000;

/** The first value of each parameter; an empty one (`?user=`, as forms send) means "not set". */
function firstValues(input: URLSearchParams | RawSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  if (input instanceof URLSearchParams) {
    for (const [key, value] of input) if (!(key in values) && value !== "") values[key] = value;
  } else {
    for (const [key, value] of Object.entries(input)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined && first !== "") values[key] = first;
    }
  }
  return values;
}

/**
 * For pages: a malformed or unknown value falls back to that field's default ("no filter"), so a
 * hand-edited URL never throws at a user. Lists of choices keep the choices they recognise.
 */
export function parseListQuery<S extends ListSchema>(schema: S, input: URLSearchParams | RawSearchParams): z.output<S> {
  const values = firstValues(input);
  const query: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const lenient = lenientVariants.get(field) ?? field;
    const parsed = lenient.safeParse(values[key]);
    query[key] = parsed.success ? parsed.data : field.parse(undefined);
  }
  return query as z.output<S>;
}

export interface QueryProblem {
  param: string;
  message: string;
}

/**
 * For the JSON routes and exports: a malformed value is an error to report (400), never silently
 * widened to "everything", so a file always holds exactly what was asked for.
 */
export function parseListQueryStrictly<S extends ListSchema>(
  schema: S,
  input: URLSearchParams | RawSearchParams,
): { ok: true; query: z.output<S> } | { ok: false; problems: QueryProblem[] } {
  const result = schema.safeParse(firstValues(input));
  if (result.success) return { ok: true, query: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ param: String(issue.path[0] ?? "(query)"), message: issue.message })),
  };
}

/** The 400 answer for a query that parseListQueryStrictly refused. */
export function badQueryResponse(problems: QueryProblem[]): Response {
  return Response.json(
    { error: "invalid_query", detail: problems.map((problem) => `${problem.param}: ${problem.message}`).join("; "), problems },
    { status: 400, headers: { "Cache-Control": "no-store" } },
  );
}

/** Fields whose lenient reading differs from dropping the whole value (lists drop only the unknown items). */
const lenientVariants = new WeakMap<z.ZodType, z.ZodType>();

const toUrlValue = (value: unknown) => (Array.isArray(value) ? value.join(",") : String(value));

type FieldParser<F extends z.ZodType> =
  undefined extends z.output<F>
    ? SingleParserBuilder<NonNullable<z.output<F>>>
    : ReturnType<SingleParserBuilder<z.output<F>>["withDefault"]>;
export type NuqsParsersFor<S extends ListSchema> = { [K in keyof S["shape"]]: FieldParser<S["shape"][K]> };

/** nuqs parsers for the client, derived from the list's schema so the keys cannot drift apart. */
export function nuqsParsersFor<S extends ListSchema>(schema: S): NuqsParsersFor<S> {
  const parsers: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const lenient = lenientVariants.get(field) ?? field;
    const parser = createParser<NonNullable<unknown>>({
      parse: (value: string) => {
        const result = lenient.safeParse(value);
        return result.success && result.data !== undefined && result.data !== null ? result.data : null;
      },
      serialize: toUrlValue,
      eq: (a, b) => toUrlValue(a) === toUrlValue(b),
    });
    const fallback = field.safeParse(undefined);
    parsers[key] = fallback.success && fallback.data !== undefined && fallback.data !== null ? parser.withDefault(fallback.data) : parser;
  }
  return parsers as NuqsParsersFor<S>;
}

// Field builders: strict schemas (a malformed value is an error); parseListQuery reads them leniently.

/** PostgreSQL cannot store or compare text containing NUL. */
const noNul = (value: string) => !value.includes("\u0000");

/** A trimmed, non-empty text filter of at most 200 characters. */
export const textFilter = () =>
  z.string().trim().min(1).max(200, "at most 200 characters").refine(noNul, "must not contain a NUL character").optional();

/** One of the given values. */
export const choiceFilter = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional();

/** `?status=a,b`: any of the given values (read leniently, unknown items are dropped). */
export const multiChoiceFilter = <T extends z.ZodType<string>>(item: T) => {
  const split = (value: unknown) => (typeof value === "string" ? value.split(",").filter((part) => part !== "") : value);
  const strict = z.preprocess((value) => (value === undefined ? [] : split(value)), z.array(item).max(50));
  lenientVariants.set(
    strict,
    z.preprocess(
      (value) => (typeof value === "string" ? value.split(",").filter((part) => item.safeParse(part).success) : []),
      z.array(item).max(50),
    ),
  );
  return strict;
};

/**
 * A calendar day, `YYYY-MM-DD` (UTC), in the years PostgreSQL and the date inputs share: 0001–9999.
 * (The `to` day is inclusive; the SQL adds the day itself, so 9999-12-31 works too.)
 */
export const dayFilter = () =>
  z.iso
    .date({ message: "expected a day as YYYY-MM-DD" })
    .refine((day) => !day.startsWith("0000"), "expected a year from 0001 to 9999")
    .optional();

/** `?rfi=true|false`. */
export const booleanFilter = () => z.enum(["true", "false"]).optional();

export const pageField = () => z.coerce.number().int().min(1).max(100_000).default(1);

/** An opaque keyset position written by the server into its own prev/next links. */
export const cursorField = () =>
  z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_-]+$/, "not a position this server wrote")
    .optional();

export type SortValue<T extends string> = `${T}.${"asc" | "desc"}`;

/** `sort=<column>.<asc|desc>` over the given columns. */
export function sortField<const T extends readonly [string, ...string[]]>(columns: T, fallback: SortValue<T[number]>) {
  const values = columns.flatMap((column) => [`${column}.asc`, `${column}.desc`]) as [SortValue<T[number]>, ...SortValue<T[number]>[]];
  return z
    .custom<SortValue<T[number]>>((value) => typeof value === "string" && (values as string[]).includes(value), {
      message: `expected one of ${values.join(", ")}`,
    })
    .default(fallback);
}

export function splitSort<T extends string>(value: SortValue<T>): { column: T; direction: "asc" | "desc" } {
  const [column, direction] = value.split(".") as [T, "asc" | "desc"];
  return { column, direction };
}

/** Whether any filter (anything but sort, page and cursor) is set: it decides what an empty list says. */
export function hasFilters(query: Record<string, unknown>): boolean {
  return Object.entries(query).some(
    ([key, value]) => !["sort", "page", "cursor"].includes(key) && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
}

/**
 * The list a detail page was opened from, with its filters, sort and page: list rows link to their
 * detail with `?back=<the list's query>`, and the detail's "back" link returns there. Only ever a
 * query on the given list's own path.
 */
export function backToList(path: string, back: string | string[] | undefined): string {
  const text = (Array.isArray(back) ? back[0] : back) ?? "";
  if (text.length === 0 || text.length > 2000) return path;
  const query = new URLSearchParams(text.startsWith("?") ? text.slice(1) : text).toString();
  return query ? `${path}?${query}` : path;
}
