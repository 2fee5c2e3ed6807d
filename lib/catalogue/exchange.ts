// One exchange's fields, as the banking platform's EXCHANGE_STATUS_UPDATED callbacks carry them in
// `Data` (besides its Id and Status, which drive the timeline itself). Everything else derives from
// this table: the intake's columns, casts and update rules, the lists' SQL and rows, the timeline's
// diffs and labels, the export headers. A new field of the bank's is: a line in the zod schema
// (lib/ingest/banking/schema.ts), a migration adding its column, and a line here.
//
// No "server-only": pages read the labels too.

/** How a value is stored (column type) and travels (decimals and bigints as exact text). */
export type FieldKind = "text" | "decimal" | "bigint" | "boolean";

export interface ExchangeField {
  /** Ours, in code and JSON. */
  key: string;
  /** The bank's key in `Data`. */
  sent: string;
  /** The column, on both `exchange` and `exchange_status_event`. */
  column: string;
  kind: FieldKind;
  label: string;
  /** The export's column header. */
  header: string;
  /**
   * How a later callback changes the exchange's current value: `with-status` — it takes the value of
   * the callback whose status wins (execution figures, the RFI flag); `kept` — once known it is kept,
   * a callback that leaves it out changes nothing.
   */
  update: "with-status" | "kept";
  /** Never changes over one exchange's life: a change means a sender error, and the timeline flags it. */
  fixed: boolean;
  /** Shown in the list of exchanges (the others on the exchange's page only). */
  inList: boolean;
}

export const EXCHANGE_FIELDS = [
  {
    key: "exchangeType",
    sent: "ExchangeType",
    column: "exchange_type",
    kind: "text",
    label: "Type",
    header: "exchange_type",
    update: "kept",
    fixed: true,
    inList: true,
  },
  {
    key: "assetPair",
    sent: "AssetPair",
    column: "asset_pair",
    kind: "text",
    label: "Asset pair",
    header: "asset_pair",
    update: "kept",
    fixed: true,
    inList: true,
  },
  {
    key: "manageesId",
    sent: "ManageesId",
    column: "managees_id",
    kind: "bigint",
    label: "Managee",
    header: "managee_id",
    update: "kept",
    fixed: true,
    inList: true,
  },
  {
    key: "requestAmount",
    sent: "RequestAmount",
    column: "request_amount",
    kind: "decimal",
    label: "Requested amount",
    header: "request_amount",
    update: "kept",
    fixed: true,
    inList: true,
  },
  {
    key: "requestPrice",
    sent: "RequestPrice",
    column: "request_price",
    kind: "decimal",
    label: "Requested price",
    header: "request_price",
    update: "kept",
    fixed: true,
    inList: true,
  },
  {
    key: "executedAmount",
    sent: "ExecutedAmount",
    column: "executed_amount",
    kind: "decimal",
    label: "Executed amount",
    header: "executed_amount",
    update: "with-status",
    fixed: false,
    inList: true,
  },
  {
    key: "executedPrice",
    sent: "ExecutedPrice",
    column: "executed_price",
    kind: "decimal",
    label: "Executed price",
    header: "executed_price",
    update: "with-status",
    fixed: false,
    inList: true,
  },
  {
    key: "commissionFee",
    sent: "CommissionFee",
    column: "commission_fee",
    kind: "decimal",
    label: "Commission",
    header: "commission_fee",
    update: "with-status",
    fixed: false,
    inList: true,
  },
  {
    key: "hasOpenRfi",
    sent: "bHasOpenRfi",
    column: "has_open_rfi",
    kind: "boolean",
    label: "Open RFI",
    header: "open_rfi",
    update: "with-status",
    fixed: false,
    inList: true,
  },
  {
    key: "fromTransactionsId",
    sent: "FromTransactionsId",
    column: "from_transactions_id",
    kind: "bigint",
    label: "From transaction",
    header: "from_transactions_id",
    update: "kept",
    fixed: false,
    inList: false,
  },
  {
    key: "toTransactionsId",
    sent: "ToTransactionsId",
    column: "to_transactions_id",
    kind: "bigint",
    label: "To transaction",
    header: "to_transactions_id",
    update: "kept",
    fixed: false,
    inList: false,
  },
  {
    key: "payeesId",
    sent: "PayeesId",
    column: "payees_id",
    kind: "bigint",
    label: "Payee",
    header: "payees_id",
    update: "kept",
    fixed: false,
    inList: false,
  },
  {
    key: "transferType",
    sent: "TransferType",
    column: "transfer_type",
    kind: "text",
    label: "Transfer type",
    header: "transfer_type",
    update: "kept",
    fixed: false,
    inList: false,
  },
  {
    key: "fromCustomerAssetAccountId",
    sent: "FromCustomerAssetAccountId",
    column: "from_customer_asset_account_id",
    kind: "bigint",
    label: "From account",
    header: "from_customer_asset_account_id",
    update: "kept",
    fixed: true,
    inList: false,
  },
  {
    key: "toCustomerAssetAccountId",
    sent: "ToCustomerAssetAccountId",
    column: "to_customer_asset_account_id",
    kind: "bigint",
    label: "To account",
    header: "to_customer_asset_account_id",
    update: "kept",
    fixed: true,
    inList: false,
  },
] as const satisfies readonly ExchangeField[];

type Fields = (typeof EXCHANGE_FIELDS)[number];
export type ExchangeFieldKey = Fields["key"];
type ValueOf<Kind extends FieldKind> = Kind extends "boolean" ? boolean | null : string | null;

/** The values of every field, as the intake stores them and the pages read them. */
export type ExchangeFieldValues = { [Field in Fields as Field["key"]]: ValueOf<Field["kind"]> };
/** …of the fields the list shows. */
export type ExchangeListFieldKey = Extract<Fields, { inList: true }>["key"];

export const EXCHANGE_FIELD_KEYS = EXCHANGE_FIELDS.map((field) => field.key) as ExchangeFieldKey[];
export const EXCHANGE_LABELS = Object.fromEntries(EXCHANGE_FIELDS.map((field) => [field.key, field.label])) as Record<
  ExchangeFieldKey,
  string
>;
