import Link from "next/link";
import type { StaffSession } from "@/lib/auth/staff-session";
import { FiringAlertsCount } from "./alerts/firing-alerts-count";
import { LogoutButton } from "./auth/logout-button";
import { LiveIndicator } from "./live/live-indicator";
import { NavLink } from "./nav-link";

const sections = [
  { href: "/", label: "Overview" },
  { href: "/alerts", label: "Alerts" },
  { href: "/prop-trading/rejected", label: "Rejected prop trading" },
  { href: "/exchanges", label: "Exchanges" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/refused-requests", label: "Refused requests" },
] as const;

const adminSections = [
  { href: "/admin/alerts", label: "Alert rules" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

/** `firingAlerts`: alerts firing and not acknowledged (null when it could not be counted). */
export function MainNav({ staff, firingAlerts }: { staff: StaffSession["user"]; firingAlerts: number | null }) {
  const visible = staff.role === "admin" ? [...sections, ...adminSections] : sections;
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 text-sm">
        <Link href="/" className="font-semibold text-slate-900">
          Webhook operations
        </Link>
        <ul className="flex flex-wrap items-center gap-1">
          {visible.map((section) => (
            <li key={section.href}>
              <NavLink href={section.href}>
                {section.label}
                {section.href === "/alerts" ? <FiringAlertsCount initial={firingAlerts} /> : null}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="ml-auto flex items-center gap-3 text-slate-600">
          <LiveIndicator />
          <Link href="/account" title="Your account: password, how times are shown" className="hover:underline">
            {staff.email} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{staff.role}</span>
          </Link>
          <LogoutButton />
        </div>
      </nav>
    </header>
  );
}
