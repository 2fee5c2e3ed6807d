// What a process (with its children) costs while something runs: peak memory — VmRSS polled from
// /proc/<pid>/status, plus the kernel's lifetime high-water mark (VmHWM) — and CPU time. CPU seconds
// per request stay comparable on a busy machine where requests per second do not. Linux only;
// elsewhere, or for a process we cannot see (a remote database), figures are null.
import { readdir, readFile } from "node:fs/promises";

export interface PeakRss {
  /** Highest sum of VmRSS over the process and its descendants seen while the work ran, in MiB. */
  peakMiB: number | null;
  /** VmRSS before the work started, in MiB. */
  beforeMiB: number | null;
  /** The main process's VmHWM afterwards: its peak over its whole life, not only this window, in MiB. */
  lifetimePeakMiB: number | null;
  samples: number;
}

async function statusField(pid: number, field: "VmRSS" | "VmHWM"): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Stat {
  parent: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** cutime + cstime: CPU of children that have exited and been waited for. */
  childTicks: number;
}

/** /proc/<pid>/stat of every process; the command name may contain spaces and ')', so fields are read after the last ')'. */
async function allStats(): Promise<Map<number, Stat>> {
  const stats = new Map<number, Stat>();
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return stats;
  }
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          const text = await readFile(`/proc/${entry}/stat`, "utf8");
          const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
          const field = (index: number) => Number(fields[index] ?? 0);
          // Fields from "state" on: ppid is the 2nd, utime/stime the 12th/13th, cutime/cstime the 14th/15th.
          stats.set(Number(entry), { parent: field(1), ticks: field(11) + field(12), childTicks: field(13) + field(14) });
        } catch {
          // The process ended meanwhile.
        }
      }),
  );
  return stats;
}

/** The process and every descendant. */
function treeOf(root: number, stats: Map<number, Stat>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) {
    const siblings = children.get(stat.parent) ?? [];
    siblings.push(pid);
    children.set(stat.parent, siblings);
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index] as number) ?? []));
  return tree;
}

async function processTree(root: number): Promise<number[]> {
  return treeOf(root, await allStats());
}

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by a process and all its descendants, those that exited included (they
 * are counted in their parent's cutime once reaped). Undefined when the process cannot be seen.
 */
export async function cpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const stats = await allStats();
  if (!stats.has(pid)) return undefined;
  let ticks = 0;
  for (const member of treeOf(pid, stats)) {
    const stat = stats.get(member);
    if (stat) ticks += stat.ticks + stat.childTicks;
  }
  return ticks / TICKS_PER_SECOND;
}

async function treeRss(pid: number): Promise<number | undefined> {
  const sizes = await Promise.all((await processTree(pid)).map((member) => statusField(member, "VmRSS")));
  const known = sizes.filter((size): size is number => size !== undefined);
  return known.length > 0 ? known.reduce((sum, size) => sum + size, 0) : undefined;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? null : Math.round((bytes / 1024 / 1024) * 10) / 10);

/** Runs `work` while sampling the memory of `pid` and its descendants every `intervalMs`. */
export async function withPeakRss<T>(
  pid: number | undefined,
  work: () => Promise<T>,
  intervalMs = 100,
): Promise<{ result: T; memory: PeakRss }> {
  if (pid === undefined || (await statusField(pid, "VmRSS")) === undefined) {
    return { result: await work(), memory: { peakMiB: null, beforeMiB: null, lifetimePeakMiB: null, samples: 0 } };
  }
  const before = await treeRss(pid);
  let peak = before ?? 0;
  let samples = 0;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    // One sample at a time: a slow /proc scan must not pile up.
    sampling = sampling.then(async () => {
      const size = await treeRss(pid);
      if (size !== undefined) {
        peak = Math.max(peak, size);
        samples++;
      }
    });
  }, intervalMs);
  try {
    const result = await work();
    return {
      result,
      memory: { peakMiB: mib(peak), beforeMiB: mib(before), lifetimePeakMiB: mib(await statusField(pid, "VmHWM")), samples },
    };
  } finally {
    clearInterval(timer);
    await sampling;
  }
}
