import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { MainNav } from "@/components/main-nav";
import { TimeDisplayProvider } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // For the navigation only: each page checks the session itself (a layout's check protects no
  // page — Next.js can render a page's payload without re-rendering its layout).
  const staff = await requireStaffPage("/");
  return (
    <NuqsAdapter>
      <TimeDisplayProvider value={staff.user.timeDisplay}>
        <MainNav staff={staff.user} />
        <main className="mx-auto max-w-[1600px] px-4 py-5">{children}</main>
      </TimeDisplayProvider>
    </NuqsAdapter>
  );
}
