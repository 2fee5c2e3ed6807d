import type { Metadata } from "next";
import Link from "next/link";
import { ChannelForm, NewChannelForm, RuleForm } from "@/components/alerts/alert-admin-forms";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { Time } from "@/components/time";
import { findChannels, findEvaluation, findRuleSettings } from "@/lib/alerts/admin";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";

export const metadata: Metadata = { title: "Alert rules and channels" };

export default async function AlertRulesPage() {
  const staff = await requireStaffPage("/admin/alerts", "admin");
  const loaded = await unlessDatabaseUnavailable(() => Promise.all([findRuleSettings(staff), findChannels(staff), findEvaluation(staff)]));
  if (!loaded.available) return <DatabaseUnavailable />;
  const [rules, channels, evaluation] = loaded.data;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Alert rules and channels"
        description={
          <>
            What raises an{" "}
            <Link className="text-sky-800 underline" href="/alerts">
              alert
            </Link>
            , and where it is sent. Every change is audited. Times are in minutes; a rule's active hours are in the time zone it names.
          </>
        }
      />
      <p className="text-sm text-slate-700" data-testid="evaluation">
        {evaluation?.finishedAt ? (
          <>
            Last evaluated by {evaluation.leader} at <Time iso={evaluation.finishedAt.toISOString()} /> in {evaluation.durationMs} ms
            {evaluation.error ? <span className="text-red-800"> — failed: {evaluation.error}</span> : null}.
          </>
        ) : (
          "Not evaluated yet: the first evaluation runs within a period of the server's start."
        )}
      </p>
      <section aria-labelledby="channels" className="space-y-2">
        <h2 id="channels" className="text-base font-semibold">
          Channels
        </h2>
        <p className="text-sm text-slate-600">
          Slack-compatible incoming webhooks, generic webhooks signed in the Standard Webhooks format (webhook-id, webhook-timestamp,
          webhook-signature; the secret is shown once, when the channel is made), and e-mail through the SMTP server the environment names.
        </p>
        {channels.map((channel) => (
          <ChannelForm key={channel.id} channel={channel} />
        ))}
        <NewChannelForm />
      </section>
      <section aria-labelledby="rules" className="space-y-2">
        <h2 id="rules" className="text-base font-semibold">
          Rules
        </h2>
        {rules.map((rule) => (
          <RuleForm key={rule.definition.id} rule={rule} channels={channels} />
        ))}
      </section>
    </div>
  );
}
