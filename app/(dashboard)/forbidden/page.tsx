import Link from "next/link";
import { PageHeader } from "@/components/page-states";
import { requireStaffPage } from "@/lib/auth/session";

export default async function ForbiddenPage() {
  await requireStaffPage("/forbidden");
  return (
    <>
      <PageHeader title="Administrators only" />
      <p className="text-sm text-slate-700">
        Your account can browse, filter and export, but this screen is for administrators.{" "}
        <Link href="/" className="text-sky-800 underline">
          Back to the overview
        </Link>
      </p>
    </>
  );
}
