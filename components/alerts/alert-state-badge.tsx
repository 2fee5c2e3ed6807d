const LOOK = {
  firing: "bg-red-100 text-red-900 ring-red-300",
  acknowledged: "bg-amber-100 text-amber-900 ring-amber-300",
  resolved: "bg-emerald-50 text-emerald-900 ring-emerald-200",
} as const;

export function AlertStateBadge({ state }: { state: keyof typeof LOOK }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${LOOK[state]}`}>{state}</span>;
}
