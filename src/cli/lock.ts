// One run of a job at a time: cron starting tonight's scan while last night's still runs must not double the load
// on the cameras, nor race on the history and the reports.
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

export interface Lock {
  release(): void;
}

/** Who holds a lock file, when another live process does. */
export class LockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
    readonly since: string,
  ) {
    super(`another camsweep scan of this scope is running (pid ${pid}, since ${since}; lock ${file})`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Take the lock file, or throw LockedError when a live process holds it. A lock left by a process that died (a
 * reboot, a kill -9) is taken over.
 */
export function acquireLock(file: string): Lock {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
      closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let holder = "";
    try {
      holder = readFileSync(file, "utf8");
    } catch {
      continue; // released between the two calls: try again
    }
    const [pidText, since = "?"] = holder.trim().split(" ");
    const pid = Number(pidText);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new LockedError(file, pid, since);
    try {
      unlinkSync(file); // stale
    } catch {
      /* another run took it over first */
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}

/** The default lock of a scope: beside the history, one per site and scope, so different jobs never wait on each other. */
export function scopeLockFile(historyFile: string, site: string, scopeKey: string): string {
  const h = createHash("sha256").update(`${site}\n${scopeKey}`).digest("hex").slice(0, 16);
  return path.join(path.dirname(path.resolve(historyFile)), "locks", `scan-${h}.lock`);
}

/** Where the history lives by default (XDG Base Directory: state), or undefined with no home to put it in. */
export function defaultHistoryFile(env: NodeJS.ProcessEnv): string | undefined {
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : env.HOME ? path.join(env.HOME, ".local", "state") : undefined;
  return state ? path.join(state, "camsweep", "history.db") : undefined;
}
