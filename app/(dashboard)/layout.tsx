import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { MainNav } from "@/components/main-nav";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <NuqsAdapter>
      <MainNav />
      <main className="mx-auto max-w-[1600px] px-4 py-5">{children}</main>
    </NuqsAdapter>
  );
}
