import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { openThreadSocket, type ThreadDatagram } from "../../src/net/udp-thread.ts";

// Sends `count` distinct datagrams, each twice, to 127.0.0.1:port, paced at 200 every 10 ms, from its own thread.
const SENDER = `
const dgram = require("node:dgram");
const { workerData, parentPort } = require("node:worker_threads");
const s = dgram.createSocket("udp4");
let i = 0;
const tick = () => {
  for (let k = 0; k < 10 && i < workerData.count; k++, i++) {
    const msg = Buffer.alloc(1000, 120);
    msg.write("datagram " + i + " id " + Math.random());
    s.send(msg, workerData.port, "127.0.0.1");
    s.send(msg, workerData.port, "127.0.0.1");
  }
  if (i < workerData.count) setTimeout(tick, 1);
  else setTimeout(() => { s.close(); parentPort.postMessage("done"); }, 50);
};
tick();
`;

describe("the receiver thread", () => {
  it("keeps reading while the main thread is busy, and hands over each datagram once", async () => {
    // A small buffer: with the main thread blocked, a socket read there would overflow after a few dozen datagrams.
    const sock = await openThreadSocket({ address: "127.0.0.1", recvBufferBytes: 64 * 1024, maxDatagram: 4096, maxSeen: 100_000, varying: / id [\d.e-]+/ });
    const got: ThreadDatagram[] = [];
    sock.onMessage((d) => got.push(d));
    try {
      const sender = new Worker(SENDER, { eval: true, workerData: { port: sock.address().port, count: 2000 } });
      const done = new Promise((r) => sender.once("message", r));
      // Block this thread longer than the sender takes (about 200 ms).
      const until = Date.now() + 600;
      while (Date.now() < until) {
        /* busy: no event loop turn here */
      }
      await done;
      await sock.drain();
      // The two copies of each differ only in the masked id: one is handed over.
      // The 128 KB buffer (64 KB doubled by the kernel) holds about 60 of these: read on the blocked main thread,
      // the rest would be lost. The receiver thread reads them as they come; on a machine whose cores are all busy
      // (sender, receiver and this thread on two cores) it can still lose a few, so the bar is far above 60, not 2,000.
      expect(got.length).toBeGreaterThan(1500);
      // The two copies of each differ only in the masked id: each is handed over once.
      const numbers = got.map((d) => d.buf.toString("latin1", 0, 20).split(" id")[0]);
      expect(new Set(numbers).size).toBe(got.length);
    } finally {
      sock.close();
    }
  });

  it("started ahead of its first socket (and waited for or not), does not keep the process alive; once a socket opens, it serves it", async () => {
    const { spawnSync } = await import("node:child_process");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-prewarm-"));
    const run = (body: string): { status: number | null; stdout: string } => {
      const file = path.join(dir, `${Math.random().toString(36).slice(2)}.mts`);
      writeFileSync(file, `import { prewarmUdpThread, openThreadSocket } from ${JSON.stringify(new URL("../../src/net/udp-thread.ts", import.meta.url).href)};\nvoid openThreadSocket;\nprewarmUdpThread();\n${body}\n`);
      // A thread held open would keep the process until this timeout kills it (status null).
      return spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8", timeout: 20_000 });
    };
    // Prewarmed and never used: the process ends on its own.
    const idle = run(`console.log("done");`);
    expect([idle.status, idle.stdout.trim()]).toEqual([0, "done"]);
    // Waited for: it comes up, and then still lets the process end (a top-level await left hanging exits 13).
    const awaited = run(`await prewarmUdpThread();\nconsole.log("up");`);
    expect([awaited.status, awaited.stdout.trim()]).toEqual([0, "up"]);
    // Prewarmed, then used: the socket opens and answers, and closing it lets the process end.
    const used = run(`const s = await openThreadSocket({ address: "127.0.0.1", maxDatagram: 4096, maxSeen: 10 });
const got = new Promise((r) => s.onMessage((d) => r(d.buf.toString())));
await s.send("ping", s.address().port, "127.0.0.1");
console.log(await got);
s.close();`);
    expect([used.status, used.stdout.trim()]).toEqual([0, "ping"]);
  });

  it("opens a socket asked for while the last thread, idle, is still stopping", async () => {
    const options = { address: "127.0.0.1", maxDatagram: 4096, maxSeen: 10 };
    for (let i = 0; i < 5; i++) {
      const first = await openThreadSocket(options);
      // Closing the only socket stops the thread; the next open starts another before the first has exited.
      first.close();
      const next = await openThreadSocket(options);
      const got = new Promise<string>((r) => next.onMessage((d) => r(d.buf.toString())));
      await next.send(`ping ${i}`, next.address().port, "127.0.0.1");
      expect(await got).toBe(`ping ${i}`);
      next.close();
    }
  });
});
