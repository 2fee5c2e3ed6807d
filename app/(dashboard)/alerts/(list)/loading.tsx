import { TableSkeleton } from "@/components/page-states";

export default function Loading() {
  return <TableSkeleton title="alerts" />;
}
