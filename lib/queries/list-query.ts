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

function firstValues(input: URLSearchParams | RawSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  if (input instanceof URLSearchParams) {
    for (const [key, value] of input) if (!(key in values)) values[key] = value;
  } else {
    for (const [key, value] of Object.entries(input)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) values[key] = first;
    }
  }
  return values;
}

/** Every field of a list schema has a `.catch()`, so a malformed URL falls back to defaults instead of throwing. */
export function parseListQuery<S extends ListSchema>(schema: S, input: URLSearchParams | RawSearchParams): z.output<S> {
  return schema.parse(firstValues(input));
}

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
    const parser = createParser<NonNullable<unknown>>({
      parse: (value: string) => {
        const result = field.safeParse(value);
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

// Field builders. Each falls back (to "no filter" or the default) on any malformed value.

/** A trimmed, non-empty text filter of at most 200 characters. */
export const textFilter = () => z.string().trim().min(1).max(200).optional().catch(undefined);

/** One of the given values. */
export const choiceFilter = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

/** `?status=a,b`: any of the given values; unknown items are dropped. */
export const multiChoiceFilter = <T extends z.ZodType<string>>(item: T) =>
  z
    .preprocess(
      (value) => (typeof value === "string" ? value.split(",").filter((part) => item.safeParse(part).success) : value),
      z.array(item),
    )
    .catch([]);

/** A calendar day, `YYYY-MM-DD` (UTC). */
export const dayFilter = () => z.iso.date().optional().catch(undefined);

/** `?rfi=true|false`. */
export const booleanFilter = () => z.enum(["true", "false"]).optional().catch(undefined);

export const pageField = () => z.coerce.number().int().min(1).max(100_000).catch(1);

/** An opaque keyset position written by the server into its own prev/next links. */
export const cursorField = () => z.string().max(500).optional().catch(undefined);

export type SortValue<T extends string> = `${T}.${"asc" | "desc"}`;

/** `sort=<column>.<asc|desc>` over the given columns. */
export function sortField<const T extends readonly [string, ...string[]]>(columns: T, fallback: SortValue<T[number]>) {
  const values = columns.flatMap((column) => [`${column}.asc`, `${column}.desc`]) as [SortValue<T[number]>, ...SortValue<T[number]>[]];
  return z.custom<SortValue<T[number]>>((value) => typeof value === "string" && (values as string[]).includes(value)).catch(fallback);
}

export function splitSort<T extends string>(value: SortValue<T>): { column: T; direction: "asc" | "desc" } {
  const [column, direction] = value.split(".") as [T, "asc" | "desc"];
  return { column, direction };
}

/** The first and the last instant of a day range (the `to` day included), for a `timestamptz` filter. */
export function dayRange(from: string | undefined, to: string | undefined): { from?: Date; toExclusive?: Date } {
  return {
    from: from ? new Date(`${from}T00:00:00.000Z`) : undefined,
    toExclusive: to ? new Date(new Date(`${to}T00:00:00.000Z`).getTime() + 86_400_000) : undefined,
  };
}

/** Whether any filter (anything but sort, page and cursor) is set: it decides what an empty list says. */
export function hasFilters(query: Record<string, unknown>): boolean {
  return Object.entries(query).some(
    ([key, value]) => !["sort", "page", "cursor"].includes(key) && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
}
