// A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, reached only through a Unix
// socket in that folder (listen_addresses is empty), stopped and removed afterwards.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

export type PgServer = { url: string; stop: () => Promise<void> };

/** The folder of initdb and postgres: pg_config's, else the newest Debian install, else PATH. */
function binDir(): string | undefined {
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(path.join(debian, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], "bin");
  }
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** Start a server, or say in one line why none can be started here. */
export async function startPostgres(): Promise<PgServer | { skip: string }> {
  const bin = binDir();
  if (!bin || !existsSync(path.join(bin, "initdb"))) return { skip: "no PostgreSQL server binaries (Debian package postgresql)" };
  // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
  const asRoot = userInfo().uid === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    try {
      owner = { uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })) };
    } catch {
      return { skip: "running as root and there is no postgres user to own the cluster" };
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), "camsweep-pg-"));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  const data = path.join(dir, "data");
  try {
    const [c, a] = as(path.join(bin, "initdb"), ["-D", data, "-U", "camsweep", "-A", "trust", "-E", "UTF8", "--no-sync"]);
    execFileSync(c, a, { stdio: "ignore" });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `initdb failed: ${(e as Error).message.split("\n")[0]}` };
  }
  const [c, a] = as(path.join(bin, "postgres"), ["-D", data, "-k", dir, "-c", "listen_addresses=", "-p", "5432", "-c", "fsync=off", "-c", "full_page_writes=off"]);
  const server: ChildProcess = spawn(c, a, { stdio: "ignore" });
  const url = `postgres://camsweep@${encodeURIComponent(dir)}:5432/postgres`;
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      // Fast shutdown, sent to the server itself: runuser, its parent as root, does not pass SIGINT on.
      let pid = server.pid;
      try {
        pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]) || pid;
      } catch {
        /* not written yet */
      }
      if (pid) process.kill(pid, "SIGINT");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return { url, stop };
    } catch {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  return { skip: "the PostgreSQL server did not start" };
}
