// A rejected prop-trading request's fields, as the broker CRM's propTrading / propTradingLive reject
// events carry them in `data` (plus the stage and event its slug names, and the target's name). The
// intake's columns and casts, the list's SQL and rows, the detail page's labels and the export
// columns derive from this table. A new field of the CRM's is: a line in the zod schema
// (lib/ingest/crm/schema.ts) and in the normaliser that fills it, a migration, and a line here.
//
// No "server-only": pages read the labels too.

/** How a value is stored and travels: decimals as exact text, times as ISO 8601 text once read. */
export type RequestFieldKind = "text" | "stage" | "decimal" | "timestamp" | "json";

export interface RequestField {
  key: string;
  column: string;
  kind: RequestFieldKind;
  label: string;
  /** The export's column header; none: not exported on its own. */
  header?: string;
  /** Shown in the list (the others on the request's page only). */
  inList: boolean;
}

export const PROP_TRADING_REQUEST_FIELDS = [
  { key: "requestId", column: "request_id", kind: "text", label: "Request id", header: "request_id", inList: true },
  { key: "stage", column: "stage", kind: "stage", label: "Stage", header: "stage", inList: true },
  { key: "requestType", column: "request_type", kind: "text", label: "Request type", inList: false },
  { key: "sentStatus", column: "sent_status", kind: "text", label: "Status as sent", header: "status_sent", inList: false },
  { key: "userId", column: "user_id", kind: "text", label: "User id", header: "user_id", inList: true },
  { key: "requestTime", column: "request_time", kind: "timestamp", label: "Request time", header: "request_time_utc", inList: true },
  { key: "packageName", column: "package_name", kind: "text", label: "Package", header: "package", inList: true },
  { key: "packageNames", column: "package_names", kind: "json", label: "Package names", header: "package_all_locales", inList: true },
  { key: "platform", column: "platform", kind: "text", label: "Platform", header: "platform", inList: true },
  { key: "connectionId", column: "connection_id", kind: "text", label: "Server (connection id)", header: "server", inList: true },
  { key: "groupName", column: "group_name", kind: "text", label: "Group", header: "group", inList: true },
  { key: "leverage", column: "leverage", kind: "decimal", label: "Leverage", header: "leverage", inList: true },
  { key: "initialBalance", column: "initial_balance", kind: "decimal", label: "Initial balance", header: "initial_balance", inList: true },
  {
    key: "maxDailyLossPercent",
    column: "max_daily_loss_percent",
    kind: "decimal",
    label: "Max daily loss",
    header: "max_daily_loss_percent",
    inList: true,
  },
  { key: "maxLossPercent", column: "max_loss_percent", kind: "decimal", label: "Max loss", header: "max_loss_percent", inList: true },
  {
    key: "profitTargetPercent",
    column: "profit_target_percent",
    kind: "decimal",
    label: "Profit target",
    header: "profit_target_percent",
    inList: true,
  },
  { key: "eventSlug", column: "event_slug", kind: "text", label: "Event", header: "event", inList: false },
  { key: "targetName", column: "target_name", kind: "text", label: "Target", header: "target", inList: false },
] as const satisfies readonly RequestField[];

type Fields = (typeof PROP_TRADING_REQUEST_FIELDS)[number];
export type RequestFieldKey = Fields["key"];

type Stored<Field extends Fields> = Field["kind"] extends "stage"
  ? "challenge" | "live"
  : Field["kind"] extends "timestamp"
    ? Date
    : Field["kind"] extends "json"
      ? Record<string, string> | null
      : Field["key"] extends "requestId" | "userId" | "eventSlug"
        ? string
        : string | null;

/** The values as the intake stores them (times as Dates). */
export type RequestFieldValues = { [Field in Fields as Field["key"]]: Stored<Field> };
/** …as the pages read them (times as ISO 8601 text). */
export type RequestFieldRead = { [Key in RequestFieldKey]: RequestFieldValues[Key] extends Date ? string : RequestFieldValues[Key] };
export type RequestListFieldKey = Extract<Fields, { inList: true }>["key"];

export const PROP_TRADING_REQUEST_LABELS = Object.fromEntries(
  PROP_TRADING_REQUEST_FIELDS.map((field) => [field.key, field.label]),
) as Record<RequestFieldKey, string>;
