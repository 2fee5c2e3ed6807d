import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { TimeDisplayForm } from "@/components/account/time-display-form";
import { PageHeader } from "@/components/page-states";
import { requireStaffPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const staff = await requireStaffPage("/account");
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title="Your account" description={`${staff.user.email} · ${staff.user.role}`} />
      <section className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-sm font-semibold">Times</h2>
        <TimeDisplayForm current={staff.user.timeDisplay} />
      </section>
      <section className="rounded border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-sm font-semibold">Password</h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
