// The broker CRM's approval event slugs, crm.webhooks.requests.<family>.<action>: a family of
// requests (below) and what was decided, at which approval node.

export const CRM_EVENT_FAMILIES = ["withdrawal", "propTrading", "propTradingLive", "transfer"] as const;
export type CrmEventFamily = (typeof CRM_EVENT_FAMILIES)[number];

export type CrmEvent = { family: CrmEventFamily; action: "reject" } | { family: CrmEventFamily; action: "approve"; node: number };

const SLUG = /^crm\.webhooks\.requests\.([A-Za-z]+)\.(reject|approve\.node\.(\d{1,2}))$/;
const MAX_APPROVAL_NODES = 10;

/** The event a slug names, or undefined for a slug outside the catalogue. */
export function parseCrmEventSlug(slug: string): CrmEvent | undefined {
  const match = SLUG.exec(slug);
  if (!match) return undefined;
  const family = CRM_EVENT_FAMILIES.find((known) => known === match[1]);
  if (!family) return undefined;
  if (match[2] === "reject") return { family, action: "reject" };
  const node = Number(match[3]);
  return node >= 1 && node <= MAX_APPROVAL_NODES ? { family, action: "approve", node } : undefined;
}

/** Prop-trading rejections are the CRM events we project into their own table. */
export function propTradingStageOf(event: CrmEvent | undefined): "challenge" | "live" | undefined {
  if (event?.action !== "reject") return undefined;
  if (event.family === "propTrading") return "challenge";
  if (event.family === "propTradingLive") return "live";
  return undefined;
}

/** Every slug of the catalogue, for filters and tests. */
export function allCrmEventSlugs(): string[] {
  return CRM_EVENT_FAMILIES.flatMap((family) => [
    `crm.webhooks.requests.${family}.reject`,
    ...Array.from({ length: MAX_APPROVAL_NODES }, (_, index) => `crm.webhooks.requests.${family}.approve.node.${index + 1}`),
  ]);
}
