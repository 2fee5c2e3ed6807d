// How hard the fault suite pushes: `short` (the default, part of `npm test`) or `long`
// (`npm run test:faults`, bounded to 15 minutes). Every knob a spec turns lives here.
import { randomInt } from "node:crypto";
import { seededRandom } from "@/tooling/seeded-random";

export { seededRandom };

type FaultsProfileName = "short" | "long";

function profileName(): FaultsProfileName {
  const value = process.env.FAULTS_PROFILE ?? "short";
  if (value !== "short" && value !== "long") throw new Error(`FAULTS_PROFILE must be "short" or "long", not "${value}"`);
  return value;
}

const profiles = {
  short: {
    /** SIGKILLs during the crash run, cycling through the kill modes. */
    crashKills: 2,
    /** Whether some kills land while the server is still starting. */
    killDuringStartUp: false,
    crashLanes: 12,
    /** Database stops during the outage run (fast shutdown, then immediate shutdown, alternating). */
    outages: 1,
    /** Exchanges whose status callbacks are interleaved in the ordering check. */
    interleavedExchanges: 40,
    distinctBurst: 1_000,
    soakWarmUpMs: 5_000,
    soakMs: 30_000,
    soakRatePerSecond: 60,
    /** Slow-body connections held open while the slowloris case runs. */
    slowlorisConnections: 8,
    testTimeoutMs: 8 * 60_000,
    globalTimeoutMs: 14 * 60_000,
  },
  long: {
    crashKills: 9,
    killDuringStartUp: true,
    crashLanes: 16,
    outages: 4,
    interleavedExchanges: 150,
    distinctBurst: 1_000,
    soakWarmUpMs: 30_000,
    soakMs: 10 * 60_000,
    soakRatePerSecond: 75,
    slowlorisConnections: 40,
    testTimeoutMs: 13 * 60_000,
    globalTimeoutMs: 15 * 60_000,
  },
} as const;

export const faultsProfile = { name: profileName(), ...profiles[profileName()] };

// Chosen once, when the runner loads the config, and inherited by the workers through the
// environment: random moments are drawn from it, and FAULTS_SEED=<seed> replays a run.
process.env.FAULTS_SEED ??= String(randomInt(1, 2 ** 31));
export const faultsSeed = Number(process.env.FAULTS_SEED);
