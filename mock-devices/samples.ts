import { existsSync, readdirSync, readFileSync } from "node:fs";
import { z } from "zod";
import { DEVICE_TYPES, RISK_LEVELS } from "../src/model/report.ts";
import type { Persona } from "./persona.ts";

const SAMPLE_DIR = new URL("./samples/", import.meta.url);

const ReplySchema = z.discriminatedUnion("protocol", [
  z.object({
    protocol: z.literal("http"),
    method: z.enum(["GET", "POST"]),
    path: z.string().startsWith("/"),
    soapAction: z.string().optional(),
    status: z.number().int(),
    headers: z.record(z.string(), z.string()).default({}),
    digestRealm: z.string().optional(),
    file: z.string(),
  }),
  z.object({ protocol: z.enum(["ws-discovery", "ssdp", "sadp", "dhip", "cs2", "mdns"]), file: z.string() }),
]);

/** One real device as public sources recorded it (see samples/README.md). */
export const SampleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  description: z.string(),
  expect: z.object({
    vendor: z.string(),
    brand: z.string().optional(),
    model: z.string().optional(),
    deviceType: z.enum(DEVICE_TYPES).optional(),
    /** Levels camsweep may rightly give: covered and oem are both right for a covered maker's device. */
    levels: z.array(z.enum(RISK_LEVELS)).min(1),
  }),
  replies: z.array(ReplySchema).min(1),
});
export type Sample = z.infer<typeof SampleSchema>;

/** Sample ids as the lab knows them: "sample:<folder>". */
export const SAMPLE_PREFIX = "sample:";

/** Every sample, validated; each reply file must exist and have its provenance file beside it. */
export function loadSamples(dir: URL = SAMPLE_DIR): Sample[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const folder = new URL(`${name}/`, dir);
      const parsed = SampleSchema.safeParse(JSON.parse(readFileSync(new URL("sample.json", folder), "utf8")));
      if (!parsed.success) throw new Error(`sample ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      for (const r of parsed.data.replies) {
        if (!existsSync(new URL(r.file, folder))) throw new Error(`sample ${name}: missing reply file ${r.file}`);
        if (!existsSync(new URL(`${r.file}.src.txt`, folder))) throw new Error(`sample ${name}: ${r.file} has no provenance file ${r.file}.src.txt`);
      }
      return parsed.data;
    });
}

/** A sample as a lab persona: its replies served verbatim, nothing else (mDNS recordings are not replayed). */
export function samplePersona(s: Sample, dir: URL = SAMPLE_DIR): Persona {
  const folder = new URL(`${s.id}/`, dir);
  const read = (file: string): Buffer => readFileSync(new URL(file, folder));
  const udp: NonNullable<Persona["raw"]>["udp"] = {};
  const http: NonNullable<Persona["raw"]>["http"] = [];
  for (const r of s.replies) {
    if (r.protocol === "http") http.push({ method: r.method, path: r.path, ...(r.soapAction ? { soapAction: r.soapAction } : {}), status: r.status, headers: r.headers, body: read(r.file) });
    else if (r.protocol !== "mdns") udp[r.protocol] = read(r.file);
  }
  // The port a recorded LOCATION names is where the device served its description: the lab serves it there too.
  const httpPorts = [...new Set(Object.values(udp).flatMap((d) => [d].flat()).flatMap((d) => [...d.toString("latin1").matchAll(/^LOCATION:\s*https?:\/\/[^/:\s]+:(\d+)\//gim)].map((m) => Number(m[1]))))];
  const level = s.expect.levels[0]!;
  return {
    id: `${SAMPLE_PREFIX}${s.id}`,
    description: s.description,
    expect: {
      vendor: s.expect.vendor,
      ...(s.expect.brand ? { brand: s.expect.brand } : {}),
      ...(s.expect.model ? { model: s.expect.model } : {}),
      surveillance: s.expect.deviceType !== "other",
      level,
    },
    raw: { http, udp, ...(httpPorts.length ? { httpPorts } : {}) },
  };
}
