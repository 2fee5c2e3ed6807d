// Before the fault specs: a production build of exactly the current sources (every spec starts
// servers from it, and supervisors must not race to rebuild), and empty result files.
import { ensureProductionBuild } from "../../../scripts/build";
import { resetReports } from "./report";

export default async function globalSetup(): Promise<void> {
  resetReports();
  await ensureProductionBuild((message) => console.log(`[faults] ${message}`));
}
