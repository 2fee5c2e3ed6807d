import { collectReports } from "./report";

export default function globalTeardown(): void {
  collectReports();
}
