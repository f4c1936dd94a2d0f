import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ProgressLine } from "../../src/cli/progress.ts";

describe("progress line", () => {
  it("draws phase, counts and time left on one rewritten line, and clears it at the end", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const p = new ProgressLine(out, 400);
    p.event({ kind: "phase", phase: "discovery" });
    p.event({ kind: "observation", observation: { ip: "192.0.2.1", probe: "ssdp", field: "upnp.server", value: "x" } });
    await new Promise((r) => setTimeout(r, 260));
    p.event({ kind: "phase", phase: "enrich", detail: "4 devices" });
    p.event({ kind: "device", device: {} as never });
    await new Promise((r) => setTimeout(r, 260));
    p.done();
    const frames = text.split("\r\u001b[2K").filter(Boolean);
    expect(frames[0]).toMatch(/^discovery \[#*-*\] 1 replies, \d+\.\d s, about \d+ s left$/);
    expect(frames.some((f) => /^enrich {4}\[######-{18}\] 1\/4 devices/.test(f))).toBe(true);
    expect(text.endsWith("\r\u001b[2K")).toBe(true);
  });
});
