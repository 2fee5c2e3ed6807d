import Link from "next/link";
import type { DeliverySubject } from "@/lib/queries/deliveries";

const linkClass = "text-sky-800 hover:underline";

/** What a delivery is about, each part a link: the exchange, the rejected request, the CRM user. */
export function DeliverySubjectLinks({ subject }: { subject: DeliverySubject }) {
  const parts = [
    subject.exchangeId ? (
      <Link key="exchange" className={linkClass} href={`/exchanges/${subject.exchangeId}`}>
        exchange #{subject.exchangeId}
      </Link>
    ) : null,
    subject.requestId ? (
      subject.requestRowId ? (
        <Link key="request" className={linkClass} href={`/prop-trading/rejected/${subject.requestRowId}`}>
          request {subject.requestId}
        </Link>
      ) : (
        <span key="request">request {subject.requestId}</span>
      )
    ) : null,
    subject.crmUserId ? (
      <Link key="user" className={linkClass} href={`/prop-trading/rejected?user=${encodeURIComponent(subject.crmUserId)}`}>
        user {subject.crmUserId}
      </Link>
    ) : null,
  ].filter(Boolean);
  if (parts.length === 0) return <span className="text-slate-400">—</span>;
  return <span className="inline-flex flex-wrap gap-x-2">{parts}</span>;
}
