"use client";
import { type FormEvent, useState } from "react";

const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "That e-mail and password do not match an active account.",
  BANNED_USER: "This account is disabled. Ask an administrator.",
  INVALID_EMAIL: "Enter a valid e-mail address.",
};

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    try {
      // Through the HTTP endpoint, not a server action, so the login rate limit always applies.
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), rememberMe: false }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      setError(
        response.status === 429
          ? (body.message ?? "Too many attempts; try again later.")
          : (MESSAGES[body.code ?? ""] ?? "Login failed. Try again."),
      );
    } catch {
      setError("The dashboard could not be reached. Check your connection and try again.");
    }
    setPending(false);
  }

  const inputClass =
    "mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";
  return (
    <form onSubmit={submit} className="mt-5 space-y-4" aria-describedby={error ? "login-error" : undefined}>
      <label className="block text-sm font-medium text-slate-700">
        E-mail
        <input name="email" type="email" autoComplete="username" required className={inputClass} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Password
        <input name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </label>
      {error ? (
        <p id="login-error" role="alert" className="rounded bg-red-50 px-2 py-1.5 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
      >
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
