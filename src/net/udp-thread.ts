import { Worker } from "node:worker_threads";
import { applyHeapFlags, threadHeapFlags } from "../runtime/heap.ts";

export interface ThreadSocketOptions {
  /** udp4 unless said; a udp6 socket carries IPv6 only. */
  type?: "udp4" | "udp6";
  address: string;
  port?: number;
  reuseAddr?: boolean;
  multicastInterface?: string;
  multicastTtl?: number;
  recvBufferBytes?: number;
  /** Datagrams waiting for ARP count against the send buffer: a sweep of silent on-link addresses fills the default. */
  sendBufferBytes?: number;
  maxDatagram: number;
  /** Repeats are recognised with this removed (message ids); at most `maxSeen` remembered. */
  varying?: RegExp;
  maxSeen: number;
}

export interface ThreadDatagram {
  buf: Buffer;
  address: string;
  port: number;
}

type FromWorker =
  | { op: "opened"; id: number; error?: string; code?: string; address?: string; port?: number; recvBufferSize?: number }
  | { op: "messages"; batch: { id: number; buf: Uint8Array; address: string; port: number }[] }
  | { op: "sent" | "joined" | "flushed"; seq: number; error?: string };

/**
 * One worker thread per process holds every discovery socket (src/net/udp-receiver.worker.js); it lives while any
 * socket is open. The main thread sends through it and gets unique datagrams back in batches.
 */
class UdpThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private nextSeq = 1;
  private readonly sockets = new Map<number, ThreadSocket>();
  private readonly opening = new Map<number, { resolve: (s: ThreadSocket) => void; reject: (e: Error) => void; socket: ThreadSocket }>();
  private readonly pending = new Map<number, (error?: string) => void>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("./udp-receiver.worker.js", import.meta.url), { workerData: { heapFlags: threadHeapFlags() } });
    w.on("message", (m: FromWorker) => this.onMessage(m));
    // A thread that fails or ends leaves nothing waiting on it: opens are refused, requests answered "closed".
    const settleAll = (why: Error): void => {
      // A thread stopped because it was idle can finish exiting after a new one has started: what waits now is the
      // new thread's, not this one's.
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const o of this.opening.values()) o.reject(why);
      this.opening.clear();
      for (const p of this.pending.values()) p(why.message);
      this.pending.clear();
    };
    w.on("error", settleAll);
    w.on("exit", () => settleAll(new Error("closed")));
    this.worker = w;
    return w;
  }

  private onMessage(m: FromWorker): void {
    if (m.op === "messages") {
      for (const d of m.batch) this.sockets.get(d.id)?.deliver({ buf: Buffer.from(d.buf.buffer, d.buf.byteOffset, d.buf.byteLength), address: d.address, port: d.port });
    } else if (m.op === "opened") {
      const o = this.opening.get(m.id);
      this.opening.delete(m.id);
      if (!o) return;
      if (m.error) {
        this.sockets.delete(m.id);
        this.stopIfIdle();
        const e = new Error(m.error) as NodeJS.ErrnoException;
        if (m.code) e.code = m.code;
        o.reject(e);
      } else {
        o.socket.opened(m.address ?? "", m.port ?? 0, m.recvBufferSize ?? 0);
        o.resolve(o.socket);
      }
    } else {
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      p?.(m.error);
      this.stopIfIdle();
    }
  }

  /**
   * Start the thread ahead of its first socket, so that its start-up overlaps the caller's own (loading the
   * catalogue, opening the history). Once it runs, and until a socket is open, it does not keep the process alive.
   * Resolves when the thread runs (it cannot fail: a thread that does not start is said by the first open).
   */
  prewarm(): Promise<void> {
    const w = this.start();
    return new Promise((resolve) => {
      w.once("online", () => {
        // The thread sets them too as it starts, but its first line can run after the caller's next allocations.
        applyHeapFlags(threadHeapFlags());
        if (this.worker === w && this.sockets.size === 0 && this.opening.size === 0) w.unref();
        resolve();
      });
      w.once("exit", () => resolve());
    });
  }

  open(opts: ThreadSocketOptions): Promise<ThreadSocket> {
    const w = this.start();
    w.ref();
    const id = this.nextId++;
    const socket = new ThreadSocket(this, id);
    this.sockets.set(id, socket);
    return new Promise((resolve, reject) => {
      this.opening.set(id, { resolve, reject, socket });
      const { varying, ...rest } = opts;
      w.postMessage({ op: "open", id, ...rest, ...(varying ? { varying: { source: varying.source, flags: varying.flags } } : {}) });
    });
  }

  /** Post a request that the worker acknowledges; resolves with its error code, if any. */
  request(msg: Record<string, unknown>, transfer?: ArrayBuffer[]): Promise<string | undefined> {
    const w = this.worker;
    if (!w) return Promise.resolve("closed");
    const seq = this.nextSeq++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      w.postMessage({ ...msg, seq }, transfer ?? []);
    });
  }

  post(msg: Record<string, unknown>): void {
    this.worker?.postMessage(msg);
  }

  forget(id: number): void {
    this.sockets.delete(id);
    this.stopIfIdle();
  }

  private stopIfIdle(): void {
    if (this.sockets.size > 0 || this.opening.size > 0 || this.pending.size > 0 || !this.worker) return;
    const w = this.worker;
    this.worker = undefined;
    void w.terminate();
  }
}

/** A UDP socket held by the receiver thread. */
export class ThreadSocket {
  private handler: ((d: ThreadDatagram) => void) | undefined;
  private local = { address: "", port: 0 };
  private recvBuffer = 0;
  private closed = false;

  constructor(
    private readonly thread: UdpThread,
    readonly id: number,
  ) {}

  opened(address: string, port: number, recvBufferSize: number): void {
    this.local = { address, port };
    this.recvBuffer = recvBufferSize;
  }

  deliver(d: ThreadDatagram): void {
    if (!this.closed) this.handler?.(d);
  }

  onMessage(handler: (d: ThreadDatagram) => void): void {
    this.handler = handler;
  }

  address(): { address: string; port: number } {
    return this.local;
  }

  getRecvBufferSize(): number {
    return this.recvBuffer;
  }

  /** Resolves when the datagram has left (or could not: never throws). */
  async send(msg: Buffer | string, port: number, address: string): Promise<void> {
    if (this.closed) return;
    await this.thread.request({ op: "send", id: this.id, payload: msg, port, address });
  }

  /** Send each datagram to its address, in order; resolves when the last has left. */
  async sendMany(items: { payload: Buffer | string; address: string }[], port: number): Promise<void> {
    if (this.closed || items.length === 0) return;
    await this.thread.request({ op: "sendMany", id: this.id, items, port });
  }

  async join(group: string, interfaceAddress: string): Promise<void> {
    const error = await this.thread.request({ op: "join", id: this.id, group, interfaceAddress });
    if (error) throw new Error(error);
  }

  setBroadcast(): void {
    this.thread.post({ op: "broadcast", id: this.id });
  }

  /** Every datagram the thread has read so far has been delivered when this resolves. */
  async drain(): Promise<void> {
    if (!this.closed) await this.thread.request({ op: "flush", id: this.id });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.thread.post({ op: "close", id: this.id });
    this.thread.forget(this.id);
  }
}

const thread = new UdpThread();

/**
 * Start the receiver thread now: discovery that follows opens its sockets without waiting for the thread to boot.
 * Resolves once the thread runs.
 */
export function prewarmUdpThread(): Promise<void> {
  return thread.prewarm();
}

/** Open a UDP socket on the receiver thread, multicast interface set explicitly (never the default-route NIC). */
export function openThreadSocket(opts: ThreadSocketOptions): Promise<ThreadSocket> {
  return thread.open(opts);
}
