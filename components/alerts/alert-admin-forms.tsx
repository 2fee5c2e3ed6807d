"use client";
import { useActionState } from "react";
import { type AlertAdminState, createChannelAction, saveRuleAction, updateChannelAction } from "@/app/(dashboard)/admin/alerts/actions";
import { buttonClass } from "@/components/data-table/filter-controls";
import type { ChannelView, RuleSettings } from "@/lib/alerts/admin";

const inputClass = "mt-0.5 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900";

function Outcome({ state }: { state: AlertAdminState }) {
  if (state.error)
    return (
      <p role="alert" className="text-sm text-red-800">
        {state.error}
      </p>
    );
  if (state.done)
    return (
      <p role="status" className="text-sm text-emerald-900">
        {state.done}{" "}
        {state.secret ? (
          <code className="break-all rounded bg-slate-100 px-1 font-mono" data-testid="channel-secret">
            {state.secret}
          </code>
        ) : null}
      </p>
    );
  return null;
}

export function RuleForm({ rule, channels }: { rule: RuleSettings; channels: ChannelView[] }) {
  const [state, action, pending] = useActionState(saveRuleAction, {});
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-3" aria-label={rule.definition.title}>
      <input type="hidden" name="ruleId" value={rule.definition.id} />
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-sm font-semibold">{rule.definition.title}</h3>
        <label className="inline-flex items-center gap-1 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={rule.enabled} /> On
        </label>
        <span className="text-xs text-slate-500">{rule.updatedBy ? `last changed by ${rule.updatedBy}` : "as shipped"}</span>
      </div>
      <p className="text-xs text-slate-600">{rule.definition.description}</p>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {rule.definition.params.map((param) => (
          <label key={param.key} className="text-xs font-medium text-slate-700">
            {param.label}
            <input
              name={param.key}
              defaultValue={String(rule.params[param.key] ?? "")}
              inputMode={param.kind === "minutes" || param.kind === "count" || param.kind === "days" ? "numeric" : undefined}
              className={inputClass}
            />
          </label>
        ))}
        <label className="text-xs font-medium text-slate-700">
          Remind every (minutes, empty: never)
          <input name="reminderMinutes" defaultValue={rule.reminderMinutes ?? ""} inputMode="numeric" className={inputClass} />
        </label>
      </div>
      <fieldset className="flex flex-wrap gap-3 text-sm">
        <legend className="text-xs font-medium text-slate-700">Notify</legend>
        {channels.length === 0 ? <span className="text-xs text-slate-500">No channels yet: alerts show in the dashboard only.</span> : null}
        {channels.map((channel) => (
          <label key={channel.id} className="inline-flex items-center gap-1">
            <input type="checkbox" name="channelIds" value={channel.id} defaultChecked={rule.channelIds.includes(channel.id)} />{" "}
            {channel.name}
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          Save rule
        </button>
        <Outcome state={state} />
      </div>
    </form>
  );
}

export function NewChannelForm() {
  const [state, action, pending] = useActionState(createChannelAction, {});
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-3" aria-label="New channel">
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-[10rem_1fr_2fr]">
        <label className="text-xs font-medium text-slate-700">
          Kind
          <select name="kind" className={inputClass} defaultValue="slack">
            <option value="slack">Slack-compatible webhook</option>
            <option value="webhook">Generic webhook (signed)</option>
            <option value="email">E-mail</option>
          </select>
        </label>
        <label className="text-xs font-medium text-slate-700">
          Name
          <input name="name" required maxLength={100} className={inputClass} placeholder="e.g. #ops-alerts" />
        </label>
        <label className="text-xs font-medium text-slate-700">
          URL or e-mail addresses
          <input name="target" required className={inputClass} placeholder="https://hooks.slack.com/services/… or oncall@example.com" />
        </label>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          Add channel
        </button>
        <Outcome state={state} />
      </div>
    </form>
  );
}

export function ChannelForm({ channel }: { channel: ChannelView }) {
  const [state, action, pending] = useActionState(updateChannelAction, {});
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-3" aria-label={`Channel ${channel.name}`}>
      <input type="hidden" name="channelId" value={channel.id} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_2fr_auto]">
        <label className="text-xs font-medium text-slate-700">
          Name ({channel.kind})
          <input name="name" defaultValue={channel.name} className={inputClass} />
        </label>
        <label className="text-xs font-medium text-slate-700">
          {channel.kind === "email" ? "E-mail addresses" : "URL"}
          <input name="target" defaultValue={channel.target} className={inputClass} />
        </label>
        <label className="inline-flex items-center gap-1 self-end text-sm">
          <input type="checkbox" name="enabled" defaultChecked={channel.enabled} /> On
        </label>
      </div>
      <p className="text-xs text-slate-600">
        {channel.maskedSecret ? <>Signing secret {channel.maskedSecret} · </> : null}
        {channel.lastAttempt
          ? `Last attempt ${channel.lastAttempt.at.slice(0, 19).replace("T", " ")} UTC: ${channel.lastAttempt.ok ? "delivered" : `failed${channel.lastAttempt.error ? ` (${channel.lastAttempt.error})` : ""}`}`
          : "Nothing sent yet."}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" name="intent" value="save" disabled={pending} className={buttonClass}>
          Save
        </button>
        <button type="submit" name="intent" value="test" disabled={pending} className={buttonClass}>
          Send test
        </button>
        <button type="submit" name="intent" value="delete" disabled={pending} className={`${buttonClass} text-red-800`}>
          Delete
        </button>
        <Outcome state={state} />
      </div>
    </form>
  );
}
