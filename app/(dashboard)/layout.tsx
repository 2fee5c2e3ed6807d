import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { LiveFeedProvider } from "@/components/live/live-feed";
import { MainNav } from "@/components/main-nav";
import { TimeDisplayProvider } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { changeFeed } from "@/lib/live/change-feed";
import { countFiringAlerts } from "@/lib/queries/alerts";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // For the navigation only: each page checks the session itself (a layout's check protects no
  // page — Next.js can render a page's payload without re-rendering its layout).
  // Before anything is read: the stream replays whatever commits after this point.
  const since = changeFeed().position();
  const staff = await requireStaffPage("/");
  // The navigation's count of firing alerts; without a database the pages say so themselves.
  const firingAlerts = await countFiringAlerts(staff).catch(() => null);
  return (
    <NuqsAdapter>
      <TimeDisplayProvider value={staff.user.timeDisplay}>
        {/* The feed position as this page was rendered: the stream replays whatever came after it. */}
        <LiveFeedProvider since={since}>
          <MainNav staff={staff.user} firingAlerts={firingAlerts} />
          <main className="mx-auto max-w-[1600px] px-4 py-5">{children}</main>
        </LiveFeedProvider>
      </TimeDisplayProvider>
    </NuqsAdapter>
  );
}
