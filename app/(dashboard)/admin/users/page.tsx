import type { Metadata } from "next";
import { CreateUserForm, UserChanges } from "@/components/admin/user-forms";
import { PageHeader } from "@/components/page-states";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { listStaffAccounts } from "@/lib/auth/staff-accounts";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const staff = await requireStaffPage("/admin/users", "admin");
  const accounts = await listStaffAccounts(staff);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Users"
        description="Staff accounts. Viewers browse, filter and export; administrators also manage users and reprocess quarantined deliveries. Every change is audited."
      />
      <CreateUserForm />
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="min-w-full text-left text-[13px]">
          <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th className="px-2 py-2">E-mail</th>
              <th className="px-2">Name</th>
              <th className="px-2">Role</th>
              <th className="px-2">State</th>
              <th className="px-2">Sessions</th>
              <th className="px-2">Created</th>
              <th className="px-2">Change</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {accounts.map((account) => (
              <tr key={account.id} className="align-top">
                <td className="px-2 py-1.5 font-medium">{account.email}</td>
                <td className="px-2 py-1.5">{account.name}</td>
                <td className="px-2 py-1.5">{account.role}</td>
                <td className="px-2 py-1.5">{account.disabled ? <span className="font-medium text-red-700">disabled</span> : "active"}</td>
                <td className="px-2 py-1.5 tabular-nums">{account.activeSessions}</td>
                <td className="px-2 py-1.5">
                  <Time iso={account.createdAt.toISOString()} />
                </td>
                <td className="px-2 py-1.5">
                  <UserChanges
                    userId={account.id}
                    email={account.email}
                    role={account.role}
                    disabled={account.disabled}
                    self={account.id === staff.user.id}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
