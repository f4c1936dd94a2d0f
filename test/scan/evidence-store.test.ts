import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/model/observation.ts";
import { EvidenceStore, MAX_OBSERVATIONS_PER_ADDRESS } from "../../src/scan/evidence-store.ts";
import { buildInventory } from "../../src/scan/inventory.ts";

const obs = (ip: string, i: number): Observation => ({ ip, probe: "ssdp", field: "upnp.usn", value: `uuid:flood-${i}`, keys: [`udn:uuid:flood-${i}`] });

describe("discovery evidence", () => {
  it("keeps a fact seen again once, by its content", () => {
    const s = new EvidenceStore();
    expect([s.add(obs("192.0.2.1", 1)), s.add(obs("192.0.2.1", 1)), s.add(obs("192.0.2.2", 1))]).toEqual([true, false, true]);
    expect(s.observations).toHaveLength(2);
  });

  it("caps one address, counts what it drops and says so once on that device", () => {
    const s = new EvidenceStore();
    for (let i = 0; i < MAX_OBSERVATIONS_PER_ADDRESS + 4213; i++) s.add(obs("192.0.2.1", i));
    s.add(obs("192.0.2.2", 0));
    expect(s.observations.filter((o) => o.ip === "192.0.2.1")).toHaveLength(MAX_OBSERVATIONS_PER_ADDRESS);
    expect(s.dropWarnings()).toEqual([{ ip: "192.0.2.1", probe: "discovery", message: `4,213 further replies dropped: more than ${MAX_OBSERVATIONS_PER_ADDRESS} facts from one address` }]);
    expect(s.observations.some((o) => o.ip === "192.0.2.2")).toBe(true);
  });

  it("caps the whole scan and reports it as a scan error count", () => {
    const s = new EvidenceStore(10, 25);
    for (let a = 0; a < 5; a++) for (let i = 0; i < 10; i++) s.add(obs(`192.0.2.${a}`, i));
    expect([s.observations.length, s.droppedForScanCap]).toEqual([25, 25]);
  });

  it("merges 20,000 facts with distinct device keys from one address into one device", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => obs("192.0.2.9", i));
    const inv = buildInventory(many);
    expect(inv).toHaveLength(1);
    expect(inv[0]!.keys).toHaveLength(20_000);
  });
});
