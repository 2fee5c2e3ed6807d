import type { Metadata } from "next";
import type { ReactNode } from "react";
import { MainNav } from "@/components/main-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Webhook operations", template: "%s · Webhook operations" },
  description: "What the broker CRM and the banking platform told us, and proof that nothing was lost.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <MainNav />
        <main className="mx-auto max-w-[1600px] px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
