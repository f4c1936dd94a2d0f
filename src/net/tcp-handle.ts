import { isIPv4, isIPv6 } from "node:net";
import { constants } from "node:os";

/**
 * A bare connect through Node's own TCP handle (the `tcp_wrap` binding under `net.Socket`), for the sweep only. A
 * sweep connects and closes, and never reads or writes: a `net.Socket` with its streams, timers and an Error per
 * refusal costs more than twice the CPU of the connect itself (60,000 refused loopback connects: 3.7–4.5 s through
 * `net.connect`, 1.7–2.1 s through the handle). The binding is not a public API, so it is checked before use and
 * `undefined` here sends the caller back to `net.connect`.
 */
interface ConnectReq {
  oncomplete: (status: number) => void;
}
interface TcpHandle {
  connect(req: ConnectReq, address: string, port: number): number;
  connect6(req: ConnectReq, address: string, port: number): number;
  close(): void;
}
interface TcpBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => ConnectReq;
  constants: { SOCKET: number };
}

function load(): TcpBinding | undefined {
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
    const b = binding?.call(process, "tcp_wrap") as Partial<TcpBinding> | undefined;
    const ok =
      typeof b?.TCP === "function" &&
      typeof b.TCPConnectWrap === "function" &&
      typeof b.constants?.SOCKET === "number" &&
      typeof b.TCP.prototype.connect === "function" &&
      typeof b.TCP.prototype.connect6 === "function" &&
      typeof b.TCP.prototype.close === "function";
    return ok ? (b as TcpBinding) : undefined;
  } catch {
    // A runtime without it, or a permission model that refuses it.
    return undefined;
  }
}

let binding: TcpBinding | undefined | null = null;
const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/** libuv's status (0, or a negative errno) as the error code `net` would have named. */
export function errnoName(status: number): string {
  return errnoNames.get(-status) ?? `errno ${status}`;
}

/**
 * Connect to an IP address and close at once. Resolves with "" when the connect completed, the errno name when it
 * failed ("ECONNREFUSED", "EMFILE", ...), or "ETIMEDOUT" when nothing answered within `timeoutMs`. `undefined` when
 * the handle is not available or `host` is not an IP address: use `net.connect`.
 */
export function connectHandle(host: string, port: number, timeoutMs: number): Promise<string> | undefined {
  if (binding === null) binding = load();
  if (!binding) return undefined;
  const v4 = isIPv4(host);
  if (!v4 && !isIPv6(host)) return undefined;
  const b = binding;
  return new Promise((resolve) => {
    const handle = new b.TCP(b.constants.SOCKET);
    const req = new b.TCPConnectWrap();
    let settled = false;
    const settle = (code: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Closing a handle whose connect is still pending cancels it (libuv then completes it with ECANCELED, ignored).
      handle.close();
      resolve(code);
    };
    const timer = setTimeout(() => settle("ETIMEDOUT"), timeoutMs);
    req.oncomplete = (status) => settle(status === 0 ? "" : errnoName(status));
    try {
      const err = v4 ? handle.connect(req, host, port) : handle.connect6(req, host, port);
      if (err) settle(errnoName(err));
    } catch (e) {
      // An address the binding refuses outright (it validates its arguments): as net.connect would, an error.
      settle((e as NodeJS.ErrnoException).code ?? "EINVAL");
    }
  });
}
