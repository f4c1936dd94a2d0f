import net from "node:net";
import { connectHandle } from "./tcp-handle.ts";

/** "local": this machine could not make the connect (out of file descriptors, ports or buffers), try it later. */
export type PortState = "open" | "closed" | "filtered" | "local";

/** Errors that say nothing about the target: this machine ran short of something. */
const LOCAL_ERRORS = new Set(["EMFILE", "ENFILE", "EADDRNOTAVAIL", "ENOBUFS", "EAGAIN", "ENOMEM"]);

/** One TCP connect, closed at once; with how long the answer took. "filtered" when nothing answered in time. */
export function probePort(host: string, port: number, timeoutMs: number): Promise<{ state: PortState; ms: number }> {
  const t0 = performance.now();
  const bare = connectHandle(host, port, timeoutMs);
  if (bare) return bare.then((code) => ({ state: stateOf(code), ms: performance.now() - t0 }));
  return new Promise((resolve) => {
    let sock: net.Socket;
    const done = (state: PortState): void => {
      sock.destroy();
      resolve({ state, ms: performance.now() - t0 });
    };
    try {
      sock = net.connect({ host, port });
    } catch (e) {
      return resolve({ state: LOCAL_ERRORS.has((e as NodeJS.ErrnoException).code ?? "") ? "local" : "filtered", ms: 0 });
    }
    sock.setTimeout(timeoutMs, () => done("filtered"));
    sock.once("connect", () => done("open"));
    sock.once("error", (e: NodeJS.ErrnoException) => done(stateOf(e.code ?? "")));
  });
}

/** A connect's outcome by its error code ("" when it completed). */
function stateOf(code: string): PortState {
  return code === "" ? "open" : code === "ECONNREFUSED" ? "closed" : LOCAL_ERRORS.has(code) ? "local" : "filtered";
}

/**
 * Send one request and collect the reply until `complete` says it has what it needs, the peer closes, the size cap
 * or the timeout. Never throws: a failure comes back as `error`.
 */
export function exchange(
  host: string,
  port: number,
  writes: (string | Buffer)[],
  complete: (received: Buffer) => boolean,
  opts: { timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<{ data: Buffer; error?: string }> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted) return resolve({ data: Buffer.alloc(0), error: "aborted" });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const sock = net.connect({ host, port });
    // The whole exchange has one deadline: a peer that trickles a byte a second never resets it.
    const deadline = setTimeout(() => finish("timed out"), opts.timeoutMs);
    const onAbort = (): void => finish("aborted");
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      opts.signal?.removeEventListener("abort", onAbort);
      sock.destroy();
      const data = Buffer.concat(chunks);
      resolve(error ? { data, error } : { data });
    };
    sock.setTimeout(opts.timeoutMs, () => finish("timed out"));
    sock.once("connect", () => writes.forEach((w) => sock.write(w)));
    sock.on("data", (c: Buffer) => {
      size += c.length;
      if (size > opts.maxBytes) return finish(`reply larger than ${opts.maxBytes} bytes`);
      chunks.push(c);
      if (complete(Buffer.concat(chunks))) finish();
    });
    sock.once("end", () => finish());
    sock.once("error", (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
  });
}
