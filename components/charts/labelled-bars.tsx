// Horizontal bars, each with its label and its value written out: readable without hovering, by
// screen readers (it is a table), and drawn with SVG attributes, which the content security policy
// allows (style attributes it does not).
import Link from "next/link";
import type { ReactNode } from "react";

export interface LabelledBar {
  label: ReactNode;
  value: number;
  /** The value as shown, e.g. "1,204" or "3 exchanges". */
  shown: ReactNode;
  /** Beside the value, e.g. the requested amount. */
  detail?: ReactNode;
  href?: string;
  colour?: string;
}

export function LabelledBars({ caption, bars, detailHeader }: { caption: string; bars: LabelledBar[]; detailHeader?: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <table className="w-full text-left text-[13px]">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th>Label</th>
          <th>Bar</th>
          <th>Value</th>
          {detailHeader ? <th className="hidden sm:table-cell">{detailHeader}</th> : null}
        </tr>
      </thead>
      <tbody>
        {bars.map((bar, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat; the order is the identity.
          <tr key={index}>
            <th scope="row" className="py-0.5 pr-2 font-normal text-slate-700">
              {/* A long label (a sender may name a pair anything) is cut, never widens the page. */}
              <span className="block w-20 truncate sm:w-32" title={typeof bar.label === "string" ? bar.label : undefined}>
                {bar.href ? (
                  <Link href={bar.href} className="text-sky-800 hover:underline">
                    {bar.label}
                  </Link>
                ) : (
                  bar.label
                )}
              </span>
            </th>
            <td className="w-full py-0.5" aria-hidden="true">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" className="h-3.5 w-full" role="presentation">
                <rect x="0" y="1" height="8" rx="1" width={Math.max(0.5, (bar.value / max) * 100)} fill={bar.colour ?? "#0f766e"} />
              </svg>
            </td>
            <td className="whitespace-nowrap py-0.5 pl-2 text-right tabular-nums text-slate-900">{bar.shown}</td>
            {detailHeader ? (
              <td className="hidden whitespace-nowrap py-0.5 pl-3 text-right tabular-nums text-slate-600 sm:table-cell">{bar.detail}</td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
