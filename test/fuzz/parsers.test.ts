import { readdirSync, readFileSync } from "node:fs";
import dnsPacket from "dns-packet";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/options/config-schema.ts";
import { parseDigestChallenge, parseAuthParams } from "../../src/net/digest.ts";
import { parseTarget, TargetError } from "../../src/net/scope.ts";
import { parseXml } from "../../src/net/xml.ts";
import { dhipJson, dhipObservations } from "../../probes/dhip/parse.ts";
import { describeChallenge, parseAuthScheme, parseRealm, parseTitle } from "../../probes/http/parse.ts";
import { INFO_ENDPOINT_RECORDS } from "../../probes/info-endpoints.ts";
import { readMdnsResponse, type MdnsRecord } from "../../probes/mdns/parse.ts";
import { parseDeviceInformation, parseGetScopes, parseSystemDateAndTime } from "../../probes/onvif/soap.ts";
import { takeRtspResponse } from "../../probes/rtsp/message.ts";
import { parseSadp, sadpObservations } from "../../probes/sadp/parse.ts";
import { parseDescription, parseSsdp } from "../../probes/ssdp/parse.ts";
import { parseScope, parseWsdMessage } from "../../probes/ws-discovery/parse.ts";

// Every parser of device data (and of the user's targets and config) on arbitrary and mutated real input: it never
// throws, and a 1 MB input takes bounded time (a regex that backtracks, or a quadratic loop, fails this).
// `npm test` runs FUZZ_RUNS cases per parser (default 200); `npm run fuzz` runs 10,000 and prints the figures.
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const BIG_RUNS = Math.max(3, Math.round(RUNS / 200));
/** A safety bound for one 1 MB input, far above what a linear parser needs: catches blow-ups, not slowness. */
const MAX_MS_PER_MB = 3000;

// Real replies from the sample corpus, mutated, reach deeper than random text does.
const SAMPLES = new URL("../../mock-devices/samples/", import.meta.url);
const real = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(new URL(`${d.name}/`, SAMPLES))
      .filter((f) => !f.endsWith(".src.txt") && f !== "sample.json")
      .map((f) => readFileSync(new URL(`${d.name}/${f}`, SAMPLES))),
  );
const realText = real.map((b) => b.toString("latin1"));

/** A real reply cut, spliced with junk, or repeated: what a broken or hostile device sends. */
const mutatedText = fc
  .tuple(fc.constantFrom(...realText), fc.nat(), fc.nat(), fc.string({ unit: "binary", maxLength: 64 }), fc.integer({ min: 1, max: 4 }))
  .map(([s, a, b, junk, times]) => {
    const i = a % (s.length + 1);
    const j = Math.min(s.length, i + (b % 256));
    return (s.slice(0, i) + junk + s.slice(j)).repeat(times);
  });
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 2048 }), fc.string({ unit: "grapheme", maxLength: 512 }), mutatedText);
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }).map((u) => Buffer.from(u)), mutatedText.map((s) => Buffer.from(s, "latin1")));

/** 1 MB inputs shaped to hurt: deep nesting, long runs of one character, many short tokens. */
const BIG_SHAPES = ["<a>", "&#", "a=", "\r\n", "{", '"', "<![CDATA[", "x-header: y\r\n", "realm=\"", ",", " ", "\\", "%"];
const bigText = fc.tuple(fc.constantFrom(...BIG_SHAPES), fc.constantFrom(...realText)).map(([unit, seed]) => (seed.slice(0, 200) + unit.repeat(Math.ceil((1 << 20) / unit.length))).slice(0, 1 << 20));

const stats = new Map<string, { cases: number; slowestMs: number; slowestBigMs: number }>();
function timed<T>(name: string, big: boolean, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - t0;
    const s = stats.get(name) ?? { cases: 0, slowestMs: 0, slowestBigMs: 0 };
    s.cases++;
    if (big) s.slowestBigMs = Math.max(s.slowestBigMs, ms);
    else s.slowestMs = Math.max(s.slowestMs, ms);
    stats.set(name, s);
  }
}

const textParsers: [string, (s: string) => unknown][] = [
  ["WS-Discovery", (s) => parseWsdMessage(s)],
  ["ONVIF scope", (s) => parseScope(s)],
  ["SSDP", (s) => parseSsdp(s)],
  ["UPnP description", (s) => parseDescription(s)],
  ["SADP", (s) => {
    const m = parseSadp(s);
    return m && sadpObservations("192.0.2.1", m);
  }],
  ["HTTP realm, scheme and challenge", (s) => [parseRealm(s), parseAuthScheme(s), describeChallenge(s)]],
  ["HTTP title", (s) => parseTitle(s)],
  ["Digest challenge", (s) => [parseDigestChallenge(s), parseAuthParams(s)]],
  ["XML", (s) => parseXml(s)],
  ["ONVIF replies", (s) => [parseDeviceInformation(s), parseSystemDateAndTime(s), parseGetScopes(s)]],
  ...INFO_ENDPOINT_RECORDS.map((e): [string, (s: string) => unknown] => [`${e.name} endpoint`, (s) => [e.parse("192.0.2.1", `http://192.0.2.1${e.path}`, s, 200), e.parse("192.0.2.1", `http://192.0.2.1${e.path}`, s, 401)]]),
];

describe.each(textParsers)("%s parser", (name, parse) => {
  it("never throws on arbitrary or mutated real input", () => {
    fc.assert(fc.property(anyText, (s) => void timed(name, false, () => parse(s))), { numRuns: RUNS });
  });
  it(`reads a 1 MB input in under ${MAX_MS_PER_MB} ms`, () => {
    fc.assert(
      fc.property(bigText, (s) => {
        const t0 = performance.now();
        timed(name, true, () => parse(s));
        expect(performance.now() - t0).toBeLessThan(MAX_MS_PER_MB);
      }),
      { numRuns: BIG_RUNS },
    );
  });
});

describe("byte parsers", () => {
  it("DHIP: never throws", () => {
    fc.assert(fc.property(anyBytes, (b) => void timed("DHIP", false, () => dhipObservations("192.0.2.1", dhipJson(b)))), { numRuns: RUNS });
  });
  it("RTSP: never throws, and always consumes what it returns", () => {
    fc.assert(
      fc.property(anyBytes, (b) => {
        const t = timed("RTSP", false, () => takeRtspResponse(b));
        if (t) expect(t.rest.length).toBeLessThan(b.length + 1);
      }),
      { numRuns: RUNS },
    );
  });
  it("mDNS: a decoded packet of any shape never throws", () => {
    const records = fc.array(fc.record({ name: fc.string({ maxLength: 300 }), type: fc.constantFrom("PTR", "SRV", "TXT", "A", "AAAA", "NSEC", "X"), data: fc.anything() }), { maxLength: 30 });
    fc.assert(fc.property(records, (r) => void timed("mDNS", false, () => readMdnsResponse("192.0.2.1", r as MdnsRecord[]))), { numRuns: RUNS });
    // And what dns-packet makes of junk bytes, when it makes anything.
    fc.assert(
      fc.property(anyBytes, (b) => {
        let p: { answers?: MdnsRecord[]; additionals?: MdnsRecord[] } | undefined;
        try {
          p = dnsPacket.decode(b) as unknown as typeof p;
        } catch {
          return; // the socket layer drops what does not decode
        }
        timed("mDNS", false, () => readMdnsResponse("192.0.2.1", [...(p?.answers ?? []), ...(p?.additionals ?? [])]));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the user's input", () => {
  it("targets: only a TargetError, never another exception, and a parsed target is a valid block", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 40 })).map(([ip, bits]) => `${ip}/${bits}`), fc.tuple(fc.ipV4(), fc.ipV4()).map(([a, b]) => `${a}-${b}`)), (s) => {
        try {
          for (const c of timed("targets", false, () => parseTarget(s))) {
            expect(c.bits).toBeGreaterThanOrEqual(0);
            expect(c.bits).toBeLessThanOrEqual(32);
            expect(c.base % 2 ** (32 - c.bits)).toBe(0);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(TargetError);
        }
      }),
      { numRuns: RUNS },
    );
  });
  it("config: any JSON is accepted or refused by the schema, never thrown on", () => {
    fc.assert(fc.property(fc.jsonValue(), (j) => void timed("config", false, () => ConfigSchema.safeParse(j))), { numRuns: RUNS });
  });
});

afterAll(() => {
  if (!process.env.FUZZ_REPORT) return;
  const rows = [...stats].map(([n, s]) => `| ${n} | ${s.cases} | ${s.slowestMs.toFixed(1)} ms | ${s.slowestBigMs ? `${s.slowestBigMs.toFixed(0)} ms` : "-"} |`);
  console.log(`\n| parser | cases | slowest case | slowest 1 MB input |\n|---|---|---|---|\n${rows.join("\n")}`);
});
