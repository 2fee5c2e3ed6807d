import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { currentStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage(props: PageProps<"/login">) {
  const { next } = await props.searchParams;
  const destination = safeNextPath(Array.isArray(next) ? next[0] : next);
  if (await currentStaff().catch(() => null)) redirect(destination);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">Webhook operations</h1>
        <p className="mt-1 text-sm text-slate-600">Staff only. Log in with the e-mail and password an administrator gave you.</p>
        <LoginForm next={destination} />
      </div>
    </main>
  );
}
