import Link from "next/link";
import { NavLink } from "./nav-link";

const sections = [
  { href: "/", label: "Overview" },
  { href: "/prop-trading/rejected", label: "Rejected prop trading" },
  { href: "/exchanges", label: "Exchanges" },
  { href: "/deliveries", label: "Deliveries" },
] as const;

export function MainNav() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 text-sm">
        <Link href="/" className="font-semibold text-slate-900">
          Webhook operations
        </Link>
        <ul className="flex flex-wrap items-center gap-1">
          {sections.map((section) => (
            <li key={section.href}>
              <NavLink href={section.href}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
