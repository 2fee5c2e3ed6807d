// Next.js calls register() once when a server instance starts: the alert evaluator starts here, on
// the Node.js runtime only (lib/alerts/evaluator.ts: one evaluator at a time across instances).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAlertsEvaluator } = await import("./lib/alerts/evaluator");
  startAlertsEvaluator();
}
