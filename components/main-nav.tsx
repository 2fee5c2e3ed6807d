import Link from "next/link";

const sections = [
  { href: "/", label: "Overview", ready: true },
  { href: "/prop-trading/rejected", label: "Rejected prop trading", ready: false },
  { href: "/exchanges", label: "Exchanges", ready: false },
  { href: "/deliveries", label: "Deliveries", ready: false },
] as const;

export function MainNav() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-[1600px] items-center gap-6 px-4 py-3 text-sm">
        <span className="font-semibold text-slate-900">Webhook operations</span>
        <ul className="flex flex-wrap items-center gap-4">
          {sections.map((section) =>
            section.ready ? (
              <li key={section.href}>
                <Link href={section.href} className="text-slate-700 hover:text-slate-950 hover:underline">
                  {section.label}
                </Link>
              </li>
            ) : (
              <li key={section.href} className="text-slate-400" title="Not built yet">
                {section.label} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">coming</span>
              </li>
            ),
          )}
        </ul>
      </nav>
    </header>
  );
}
