// The discovery sockets live on this thread: it only reads, drops exact repeats and hands the rest to the main
// thread in small batches. Whatever the main thread is doing (TLS, parsing, a sweep of thousands of connects), the
// kernel's receive buffers are emptied at once, so a burst of replies from hundreds of devices is not lost there.
// Plain JavaScript: it runs as it is, from the sources in tests and from dist/ once built.
import { createHash } from "node:crypto";
import dgram from "node:dgram";
import v8 from "node:v8";
import { parentPort, workerData } from "node:worker_threads";

// Node reset V8's flags, which are the process's, as this thread started: the CLI's heap settings are set again.
for (const f of workerData?.heapFlags ?? []) v8.setFlagsFromString(f);

const BATCH_MS = 2;
const sockets = new Map();
let batch = [];
let transfer = [];
let timer;

function flush() {
  timer = undefined;
  if (batch.length === 0) return;
  parentPort.postMessage({ op: "messages", batch }, transfer);
  batch = [];
  transfer = [];
}

function open(m) {
  // IPv6 sockets are IPv6 only: IPv4 has its own socket on each interface.
  const s = dgram.createSocket({ type: m.type ?? "udp4", reuseAddr: Boolean(m.reuseAddr), ...(m.type === "udp6" ? { ipv6Only: true } : {}) });
  const seen = new Set();
  const varying = m.varying ? new RegExp(m.varying.source, m.varying.flags) : undefined;
  const fail = (e) => {
    try {
      s.close();
    } catch {
      /* not open */
    }
    parentPort.postMessage({ op: "opened", id: m.id, error: e.message, code: e.code });
  };
  s.once("error", fail);
  s.bind({ address: m.address, port: m.port ?? 0, exclusive: false }, () => {
    s.off("error", fail);
    try {
      if (m.multicastInterface) s.setMulticastInterface(m.multicastInterface);
      s.setMulticastTTL(m.multicastTtl ?? 1);
      s.setMulticastLoopback(true);
      if (m.recvBufferBytes) {
        try {
          s.setRecvBufferSize(m.recvBufferBytes);
        } catch {
          /* the system's limit stands; the caller reads what it got */
        }
      }
      if (m.sendBufferBytes) {
        try {
          s.setSendBufferSize(m.sendBufferBytes);
        } catch {
          /* the system's limit stands */
        }
      }
    } catch (e) {
      return fail(e);
    }
    // A socket error later (ICMP unreachable on some platforms) must never crash a scan.
    s.on("error", () => undefined);
    s.on("message", (buf, rinfo) => {
      if (buf.length > m.maxDatagram) return;
      // Exact repeats (a device answering each repeated request alike) stop here; the parts that change with each
      // request (message ids) are masked first.
      const bytes = varying ? Buffer.from(buf.toString("latin1").replace(varying, ""), "latin1") : buf;
      const key = `${rinfo.address}|${createHash("sha1").update(bytes).digest("base64")}`;
      if (seen.has(key)) return;
      if (seen.size < m.maxSeen) seen.add(key);
      const copy = new Uint8Array(buf);
      batch.push({ id: m.id, buf: copy, address: rinfo.address, port: rinfo.port });
      transfer.push(copy.buffer);
      timer ??= setTimeout(flush, BATCH_MS);
    });
    sockets.set(m.id, s);
    const a = s.address();
    parentPort.postMessage({ op: "opened", id: m.id, address: a.address, port: a.port, recvBufferSize: s.getRecvBufferSize() });
  });
}

// Every unicast datagram of every socket goes through one paced queue: a burst to many addresses behind one router
// waits in the kernel for that router's MAC, and past 101 waiting packets per neighbour (unres_qlen) the rest are
// dropped without a word. Small bursts spaced a millisecond apart stay far below that and still send 32,000 a second.
const BURST = 32;
const queue = [];
let pumping = false;

function pump() {
  for (let n = 0; n < BURST && queue.length; n++) {
    const { s, payload, port, address, done } = queue.shift();
    s.send(payload, port, address, () => done());
  }
  if (queue.length) setTimeout(pump, 1);
  else pumping = false;
}

function sendEach(s, items, port) {
  return Promise.all(
    items.map(
      ({ payload, address }) =>
        new Promise((done) => {
          queue.push({ s, payload, port, address, done });
          if (!pumping) {
            pumping = true;
            pump();
          }
        }),
    ),
  );
}

parentPort.on("message", (m) => {
  const s = sockets.get(m.id);
  switch (m.op) {
    case "open":
      return open(m);
    case "send":
      if (!s) return parentPort.postMessage({ op: "sent", seq: m.seq, error: "closed" });
      return s.send(m.payload, m.port, m.address, (e) => parentPort.postMessage({ op: "sent", seq: m.seq, error: e?.code }));
    case "join":
      try {
        s?.addMembership(m.group, m.interfaceAddress);
        parentPort.postMessage({ op: "joined", seq: m.seq });
      } catch (e) {
        parentPort.postMessage({ op: "joined", seq: m.seq, error: e.message });
      }
      return;
    case "sendMany":
      // One message for many datagrams (the unicast sweep): sent in order, each after the last has left.
      if (!s) return parentPort.postMessage({ op: "sent", seq: m.seq, error: "closed" });
      return void sendEach(s, m.items, m.port).then(() => parentPort.postMessage({ op: "sent", seq: m.seq }));
    case "flush":
      flush();
      return parentPort.postMessage({ op: "flushed", seq: m.seq });
    case "broadcast":
      s?.setBroadcast(true);
      return;
    case "close":
      flush();
      sockets.delete(m.id);
      try {
        s?.close();
      } catch {
        /* closed already */
      }
      return;
  }
});
