import { isTerminalStatus, statusRank } from "@/lib/ingest/banking/statuses";

const COLOURS: Record<string, string> = {
  Completed: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  Failed: "bg-red-100 text-red-800 ring-red-600/20",
  Rejected: "bg-rose-100 text-rose-800 ring-rose-600/20",
  Pending: "bg-sky-100 text-sky-800 ring-sky-600/20",
  AwaitingRfi: "bg-amber-100 text-amber-900 ring-amber-600/30",
  WaitingForConfirmation: "bg-indigo-100 text-indigo-800 ring-indigo-600/20",
  WaitingForApproval: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

/** An exchange status, colour-coded; a status we do not know yet is shown as it was sent, marked. */
export function StatusBadge({ status }: { status: string }) {
  const known = statusRank(status) > 0;
  const colour = COLOURS[status] ?? "bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-600/30";
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${colour}`}
      title={
        known
          ? isTerminalStatus(status)
            ? "Final status"
            : "In progress"
          : "A status the banking platform did not document; shown as sent"
      }
    >
      {status}
      {known ? null : <span className="ml-1 text-[10px] font-normal italic">unrecognised</span>}
    </span>
  );
}

const OUTCOME_COLOURS: Record<string, string> = {
  projected: "bg-emerald-100 text-emerald-800",
  stored_unprojected: "bg-slate-100 text-slate-700",
  duplicate: "bg-amber-100 text-amber-900",
  quarantined: "bg-red-100 text-red-800",
  dismissed: "bg-slate-100 text-slate-500 line-through decoration-slate-400",
};

const OUTCOME_LABELS: Record<string, string> = {
  projected: "projected",
  stored_unprojected: "stored only",
  duplicate: "duplicate",
  quarantined: "quarantined",
  dismissed: "dismissed",
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_COLOURS[outcome] ?? "bg-slate-100"}`}
    >
      {OUTCOME_LABELS[outcome] ?? outcome}
    </span>
  );
}
