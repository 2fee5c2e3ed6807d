"use client";

export function LogoutButton() {
  return (
    <button
      type="button"
      className="rounded px-2.5 py-1.5 text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
      onClick={async () => {
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).catch(
          () => undefined,
        );
        window.location.assign("/login");
      }}
    >
      Log out
    </button>
  );
}
