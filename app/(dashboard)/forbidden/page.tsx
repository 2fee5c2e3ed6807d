import Link from "next/link";
import { PageHeader } from "@/components/page-states";

export default function ForbiddenPage() {
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
