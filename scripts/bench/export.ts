// Section "export": how fast PostgreSQL itself turns the big lists into CSV (COPY … TO STDOUT),
// the floor any CSV export route is measured against. Each select is run twice: the first read may
// come from disk, the second is the figure to compare with.
import { type CopyMeasurement, measureCopy } from "./copy-baseline";
import type { BenchContext, BenchSection, SectionReport } from "./sections";

/** The selects an export of each list would run: the list's columns in its default order. */
export const EXPORT_SELECTS: { name: string; select: string }[] = [
  {
    name: "prop_trading_request",
    select: `SELECT id, request_id, stage, status, sent_status, user_id, request_time, package_name, platform, connection_id, group_name,
      leverage, initial_balance, max_daily_loss_percent, max_loss_percent, profit_target_percent, event_slug, target_name, received_at
      FROM prop_trading_request ORDER BY request_time DESC, id DESC`,
  },
  {
    name: "exchange",
    select: `SELECT exchange_id, status, exchange_type, asset_pair, managees_id, request_amount, request_price, executed_amount,
      executed_price, commission_fee, has_open_rfi, first_seen_at, last_update_at, status_changes
      FROM exchange ORDER BY last_update_at DESC, exchange_id DESC`,
  },
];

export const exportSection: BenchSection = {
  name: "export",
  async run(context: BenchContext): Promise<SectionReport> {
    const runs: { first: CopyMeasurement; second: CopyMeasurement }[] = [];
    for (const { name, select } of EXPORT_SELECTS) {
      if (context.signal.aborted) throw new Error("Interrupted.");
      const options = { sampleBackend: context.database.embedded };
      const first = await measureCopy(context.database.url, name, select, options);
      const second = await measureCopy(context.database.url, name, select, options);
      context.say(`  COPY ${name}: ${second.rows} rows in ${second.seconds} s`);
      runs.push({ first, second });
    }
    return {
      tables: [
        {
          title: "Export baseline — PostgreSQL's COPY (<list select>) TO STDOUT WITH CSV, through pg-copy-streams",
          columns: ["select", "rows", "MiB", "seconds", "rows/s", "MiB/s", "first run s", "backend peak MiB"],
          rows: runs.map(({ first, second }) => [
            second.name,
            second.rows,
            Math.round((second.bytes / 1024 / 1024) * 10) / 10,
            second.seconds,
            second.rowsPerSecond,
            second.mebibytesPerSecond,
            first.seconds,
            second.backendMemory.peakMiB,
          ]),
        },
      ],
      data: { copy: runs },
    };
  },
};
