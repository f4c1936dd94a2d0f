import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { closeUdp, openUdp, udpDrops } from "../../src/net/udp.ts";

// Another program bound to the same address and port (SO_REUSEADDR, as the lab's group sockets and other daemons
// on 3702 or 1900 are): its buffer overflows while it does not read.
const OTHER = `
const dgram = require("node:dgram");
const s = dgram.createSocket({ type: "udp4", reuseAddr: true });
s.bind({ address: "127.0.0.1", port: 0 }, () => {
  s.setRecvBufferSize(4096);
  console.log(s.address().port);
  process.stdin.once("data", () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400); // not reading
    console.log("done");
  });
});
`;

function dropsOnPort(port: number): number {
  const hex = `0100007F:${port.toString(16).padStart(4, "0").toUpperCase()}`;
  return readFileSync("/proc/net/udp", "utf8").split("\n").filter((l) => l.includes(hex)).reduce((a, l) => a + Number(l.trim().split(/\s+/).at(-1)), 0);
}

describe("udpDrops", () => {
  it("counts only this process's sockets, not another program's on the same port", async () => {
    const other = spawn(process.execPath, ["-e", OTHER], { stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: other.stdout })[Symbol.asyncIterator]();
    const port = Number((await lines.next()).value);
    const sender = dgram.createSocket("udp4");
    try {
      other.stdin.write("go\n");
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 200; i++) sender.send(Buffer.alloc(1000), port, "127.0.0.1");
      expect((await lines.next()).value).toBe("done");
      expect(dropsOnPort(port)).toBeGreaterThan(0);
      const mine = await openUdp({ address: "127.0.0.1", port, reuseAddr: true });
      try {
        expect(udpDrops([mine])).toBe(0);
      } finally {
        closeUdp(mine);
      }
    } finally {
      sender.close();
      other.kill();
    }
  });
});
