import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectHandle, errnoName } from "../../src/net/tcp-handle.ts";
import { probePort } from "../../src/net/tcp.ts";

// Loopback only: a listening port, a refused one, and a name that is not an address.
describe("connectHandle", () => {
  let server: net.Server;
  let openPort = 0;
  let accepted = 0;
  beforeAll(async () => {
    server = net.createServer((s) => {
      accepted++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    openPort = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("completes on a listening port and is refused on a closed one, as net.connect would say", async () => {
    expect(await connectHandle("127.0.0.1", openPort, 2000)).toBe("");
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    expect(await connectHandle("127.0.0.1", closed, 2000)).toBe("ECONNREFUSED");
    expect(await probePort("127.0.0.1", closed, 2000)).toMatchObject({ state: "closed" });
    expect(await probePort("127.0.0.1", openPort, 2000)).toMatchObject({ state: "open" });
    await new Promise((r) => setTimeout(r, 50));
    expect(accepted).toBe(2);
  });

  it("reaches IPv6 loopback", async () => {
    const s6 = net.createServer((s) => s.destroy());
    const listening = await new Promise<boolean>((r) => {
      s6.once("error", () => r(false));
      s6.listen(0, "::1", () => r(true));
    });
    if (!listening) return; // no ::1 in this namespace: nothing to reach
    const port = (s6.address() as net.AddressInfo).port;
    expect(await connectHandle("::1", port, 2000)).toBe("");
    await new Promise<void>((r) => s6.close(() => r()));
  });

  it("leaves host names to net.connect", () => {
    expect(connectHandle("localhost", 80, 100)).toBeUndefined();
  });

  it("names libuv's negative errno as the error code", () => {
    expect(errnoName(-111)).toBe("ECONNREFUSED");
    expect(errnoName(-24)).toBe("EMFILE");
    expect(errnoName(-99999)).toBe("errno -99999");
  });
});
