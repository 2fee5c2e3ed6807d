"use client";
import { useActionState } from "react";
import type { UserActionState } from "@/app/(dashboard)/admin/users/actions";
import { changeUserAction, createUserAction } from "@/app/(dashboard)/admin/users/actions";
import { buttonClass } from "@/components/data-table/filter-controls";

function Result({ state }: { state: UserActionState }) {
  if (state.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-800">
        {state.error}
      </p>
    );
  }
  if (!state.done) return null;
  return (
    <div role="status" className="rounded bg-emerald-50 px-2 py-1 text-sm text-emerald-900">
      <p>{state.done}</p>
      {state.password ? (
        <p className="mt-1">
          Password for {state.password.email}, shown once — hand it over securely:{" "}
          <code className="select-all rounded bg-white px-1 font-mono" data-testid="new-password">
            {state.password.value}
          </code>
        </p>
      ) : null}
    </div>
  );
}

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, {});
  const inputClass = "mt-0.5 block rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-3">
      <h2 className="text-sm font-semibold">Add a staff member</h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs font-medium text-slate-600">
          E-mail
          <input name="email" type="email" required className={`${inputClass} w-64`} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Name
          <input name="name" className={`${inputClass} w-48`} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Role
          <select name="role" defaultValue="viewer" className={inputClass}>
            <option value="viewer">Viewer (browse, filter, export)</option>
            <option value="admin">Administrator</option>
          </select>
        </label>
        <button type="submit" disabled={pending} className={buttonClass}>
          Create with a generated password
        </button>
      </div>
      <Result state={state} />
    </form>
  );
}

export function UserChanges({
  userId,
  email,
  role,
  disabled,
  self,
}: {
  userId: string;
  email: string;
  role: string;
  disabled: boolean;
  self: boolean;
}) {
  const [state, action, pending] = useActionState(changeUserAction, {});
  const button = (change: string, label: string) => (
    <button type="submit" name="change" value={change} disabled={pending} className={`${buttonClass} px-2 py-0.5 text-xs`}>
      {label}
    </button>
  );
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="email" value={email} />
      <div className="flex flex-wrap gap-1">
        {role === "admin" ? button("make-viewer", "Make viewer") : button("make-admin", "Make administrator")}
        {self ? null : disabled ? button("enable", "Enable") : button("disable", "Disable")}
        {button("reset-password", "Reset password")}
      </div>
      <Result state={state} />
    </form>
  );
}
