import { describe, expect, it } from "vitest";
import { parseProcNetArp } from "../../src/net/neighbours.ts";

describe("neighbour table", () => {
  it("keeps complete entries and drops incomplete ones", () => {
    const text = [
      "IP address       HW type     Flags       HW address            Mask     Device",
      "192.0.2.64       0x1         0x2         BC:AD:28:4F:D0:7B     *        eth0",
      "192.0.2.65       0x1         0x0         00:00:00:00:00:00     *        eth0",
      "198.51.100.7     0x1         0x6         ac:cc:8e:27:0a:d8     *        eth1",
      "",
    ].join("\n");
    expect(parseProcNetArp(text)).toEqual([
      { ip: "192.0.2.64", mac: "bc:ad:28:4f:d0:7b", device: "eth0" },
      { ip: "198.51.100.7", mac: "ac:cc:8e:27:0a:d8", device: "eth1" },
    ]);
  });
});
