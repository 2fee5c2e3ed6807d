"use client";
import { type FormEvent, useState } from "react";
import { buttonClass } from "@/components/data-table/filter-controls";

const MESSAGES: Record<string, string> = {
  INVALID_PASSWORD: "The current password is not right.",
  PASSWORD_TOO_SHORT: "The new password needs at least 12 characters.",
  PASSWORD_TOO_LONG: "The new password is too long.",
};

/** The staff member's own password: the current one, then the new one twice. */
export function ChangePasswordForm() {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("repeatPassword") ?? "")) {
      setResult({ ok: false, text: "The new password and its repetition differ." });
      return;
    }
    if (newPassword.length < 12) {
      setResult({ ok: false, text: MESSAGES.PASSWORD_TOO_SHORT as string });
      return;
    }
    setPending(true);
    try {
      const response = await fetch("/api/auth/change-password", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ currentPassword: form.get("currentPassword"), newPassword }),
      });
      const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
      if (response.ok) {
        formElement.reset();
        setResult({ ok: true, text: "Password changed. Every other session of your account has ended; this one goes on." });
      } else {
        setResult({ ok: false, text: MESSAGES[body.code ?? ""] ?? body.message ?? "The password could not be changed." });
      }
    } catch {
      setResult({ ok: false, text: "The dashboard could not be reached. Try again." });
    }
    setPending(false);
  }

  const inputClass = "mt-0.5 block w-72 max-w-full rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <form onSubmit={submit} className="space-y-2 text-sm">
      <label className="block font-medium text-slate-700">
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required className={inputClass} />
      </label>
      <label className="block font-medium text-slate-700">
        New password (at least 12 characters)
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} className={inputClass} />
      </label>
      <label className="block font-medium text-slate-700">
        New password again
        <input name="repeatPassword" type="password" autoComplete="new-password" required className={inputClass} />
      </label>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "text-emerald-800" : "text-red-800"}>
          {result.text}
        </p>
      ) : null}
    </form>
  );
}
