import type { Catalogue } from "../catalogue/index.ts";
import { classify } from "../classify/classify.ts";
import { identify } from "../identify/identify.ts";
import type { Observation } from "../model/observation.ts";
import type { Device, Evidence, Report } from "../model/report.ts";
import { SCHEMA_VERSION } from "../model/constants.ts";
import { HttpClient, type HttpOptions } from "../net/http.ts";
import type { NetInterface } from "../net/interfaces.ts";
import { ip6ToBigInt, Scope, urlHost } from "../net/scope.ts";
import { isGateway, readGateway, type GatewayReading } from "./gateways.ts";
import { matchVulnerabilities, type DeviceVulnerability } from "../classify/vulnerabilities.ts";
import { exposureOf, type DeviceExposure } from "../classify/exposure.ts";
import type { Probe } from "../../probes/types.ts";
import { enrichDevice, enrichLate, POINTER_FIELDS, toEvidence, type Credentials, type EnrichResult } from "./enrich.ts";
import { describeAnswers } from "../identify/answers.ts";
import { readNeighbours, type Neighbour } from "../net/neighbours.ts";
import { payloadMacs } from "./mac.ts";
import { idFromKeys } from "../model/device-identity.ts";
import { ouiOrganisation } from "./oui.ts";
import { EvidenceStore, MAX_OBSERVATIONS_PER_SCAN } from "./evidence-store.ts";
import { buildInventory, type InventoryEntry } from "./inventory.ts";
import { LiveDevices } from "./live-devices.ts";
import { deadline } from "../net/deadline.ts";
import { quantity } from "../report/words.ts";

export type ScanEvent =
  | { kind: "phase"; phase: "discovery" | "enrich" | "identify" | "done"; detail?: string }
  | { kind: "observation"; observation: Observation }
  | { kind: "device"; device: Device }
  | { kind: "log"; message: string };

export interface ScanOptions {
  interfaces: NetInterface[];
  /** The fence: unicast targets and everything enrichment may contact. */
  scope: Scope;
  /** Send unicast discovery to every host of `sweepScope` (default: the whole scope). */
  sweep: boolean;
  sweepScope?: Scope;
  probes: Probe[];
  listenMs: number;
  /** Ports of the unicast TCP sweep (targets only). */
  ports: number[];
  sweepConcurrency: number;
  sweepTimeoutMs: number;
  http: Omit<HttpOptions, "scope">;
  /** Time one device's enrichment may take, all rounds together. */
  deviceBudgetMs: number;
  credentials?: Credentials;
  catalogue: Catalogue;
  jurisdictions: string[];
  /** Classify against the rules in force on this date (YYYY-MM-DD); default the scan's start date. */
  asOf?: string;
  tool: { name: string; version: string };
  signal?: AbortSignal;
  onEvent?: (e: ScanEvent) => void;
}

export interface ScanResult {
  report: Report;
  /** URLs the HTTP client contacted, in order (for audits and the scope test). */
  contacted: string[];
}

/** The device's MAC: from the neighbour table when on-link, else as its own replies state it; plus its OUI owner. */
async function macEvidence(ip: string, observations: Observation[], neighbours: Neighbour[]): Promise<{ mac?: string; observations: Observation[] }> {
  const out: Observation[] = [];
  const fromTable = neighbours.find((n) => n.ip === ip);
  const claimed = payloadMacs(observations)[0];
  const mac = fromTable?.mac ?? claimed?.mac;
  if (!mac) return { observations: out };
  if (fromTable) out.push({ ip, probe: "neighbours", field: "mac", value: mac });
  const org = await ouiOrganisation(mac);
  if (org) out.push({ ip, probe: "oui", field: "mac.oui", value: org });
  return { mac, observations: out };
}

/** The chosen interface whose subnet holds the address (devices behind a router have none). */
function attachedInterface(subnets: { name: string; scope: Scope }[], ip: string): { interface?: string } {
  const i = subnets.find((x) => x.scope.contains(ip));
  return i ? { interface: i.name } : {};
}

/** Discovery replies from one device arrive within this of each other (WS-Discovery's APP_MAX_DELAY is 500 ms). */
export const SETTLE_MS = 750;

interface Enriched {
  observations: Observation[];
  warnings: string[];
  mac?: string;
  /** The endpoints asked (and the ONVIF device service), for a follow-up not to ask them again. */
  asked?: string[];
}

/**
 * Run one scan. Discovery probes run in parallel for the listen window; each in-scope device is asked what it is as
 * soon as its replies have settled, while discovery goes on. A device is identified, classified and reported when its
 * enrichment is done and discovery has closed (a late reply can still add to it).
 */
export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const startedAt = new Date();
  const asOf = opts.asOf ?? startedAt.toISOString().slice(0, 10);
  const emit = opts.onEvent ?? (() => undefined);
  const log = (message: string): void => emit({ kind: "log", message });
  const store = new EvidenceStore();
  const errors: string[] = [];
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const inScope = (ip: string): boolean => opts.scope.contains(ip);
  // Link-local IPv6 addresses by the interface they were heard on ("fe80::1" → "eth0"): a URL cannot say it.
  const zones = new Map<string, string>();
  const http = new HttpClient({ ...opts.http, scope: opts.scope, linkZone: (a) => zones.get(a) });
  const subnets = opts.interfaces.map((i) => ({ name: i.name, scope: Scope.parse([i.cidr]) }));

  // The kernel's neighbour table fills as devices answer: read again when the last read is older than a moment.
  let neighbours: { at: number; list: Promise<Neighbour[]> } | undefined;
  const currentNeighbours = (): Promise<Neighbour[]> => {
    if (!neighbours || performance.now() - neighbours.at > 250) neighbours = { at: performance.now(), list: readNeighbours() };
    return neighbours.list;
  };

  const enrichContext = (signal: AbortSignal): Parameters<typeof enrichDevice>[0] => ({ http, catalogue: opts.catalogue, credentials: opts.credentials, inScope, log, rtspTimeoutMs: opts.http.connectTimeoutMs + opts.http.responseTimeoutMs, signal });
  const enrichments = new Map<string, Promise<Enriched>>();
  const enrichOne = async (ip: string, entry: InventoryEntry): Promise<Enriched> => {
    // MAC and OUI first: a maker known by its OUI is asked its own endpoints.
    const mac = await macEvidence(ip, entry.observations, await currentNeighbours());
    if (controller.signal.aborted) return { observations: mac.observations, warnings: [], ...(mac.mac ? { mac: mac.mac } : {}) };
    const budget = deadline(opts.deviceBudgetMs, controller.signal);
    const extra = await enrichDevice(enrichContext(budget.signal), entry, mac.observations)
      .catch((e: Error): EnrichResult => ({ observations: [], warnings: [`enrich: ${e.message}`], rounds: 0 }))
      .finally(budget.clear);
    if (budget.signal.aborted && !controller.signal.aborted) extra.warnings.push(`enrichment stopped at the ${opts.deviceBudgetMs} ms device budget`);
    return { observations: [...mac.observations, ...extra.observations], warnings: extra.warnings, ...(mac.mac ? { mac: mac.mac } : {}), ...(extra.asked ? { asked: extra.asked } : {}) };
  };
  // A pointer heard after the device was asked (a late SSDP reply's LOCATION) is followed up once the first
  // asking is done, so the description is not lost to the order in which replies came.
  const late = (ip: string, entry: InventoryEntry, pointer: Observation): void => {
    const first = enrichments.get(ip);
    if (!first) return;
    log(`${ip}: ${pointer.field} ${pointer.value} heard after it was asked: follow up`);
    enrichments.set(
      ip,
      first.then(async (done) => {
        const budget = deadline(opts.deviceBudgetMs, controller.signal);
        const more = await enrichLate(enrichContext(budget.signal), entry, pointer, done.observations, done.asked)
          .catch((e: Error) => ({ observations: [], warnings: [`enrich: ${e.message}`], asked: done.asked }))
          .finally(budget.clear);
        return { ...done, observations: [...done.observations, ...more.observations], warnings: [...done.warnings, ...more.warnings], ...(more.asked ? { asked: more.asked } : {}) };
      }),
    );
  };
  const live = new LiveDevices(
    Math.min(SETTLE_MS, opts.listenMs),
    inScope,
    (ip, entry) => {
      enrichments.set(ip, enrichOne(ip, entry));
    },
    late,
    POINTER_FIELDS,
  );

  const devices: Device[] = [];
  try {
    emit({ kind: "phase", phase: "discovery", detail: opts.probes.map((p) => p.name).join(", ") });
    const results = await Promise.allSettled(
      opts.probes.map((p) =>
        p.run({
          interfaces: opts.interfaces,
          targets: () => (opts.sweep ? (opts.sweepScope ?? opts.scope).hosts() : []),
          targetCount: opts.sweep ? (opts.sweepScope ?? opts.scope).hostCount() : 0,
          inScope,
          listenMs: opts.listenMs,
          ports: opts.sweep ? opts.ports : [],
          sweepConcurrency: opts.sweepConcurrency,
          connectTimeoutMs: opts.sweepTimeoutMs,
          emit: (o) => {
            if (!store.add(o)) return;
            const zone = o.ip.indexOf("%");
            if (zone > 0) zones.set(o.ip.slice(0, zone), o.ip.slice(zone + 1));
            live.add(o);
            emit({ kind: "observation", observation: o });
          },
          warn: (w) => store.warn(w),
          log,
          fault: (m) => {
            errors.push(m);
            log(m);
          },
          signal: controller.signal,
        }),
      ),
    );
    live.close();
    results.forEach((r, i) => {
      if (r.status === "rejected") errors.push(`${opts.probes[i]?.name ?? "probe"}: ${(r.reason as Error)?.message ?? String(r.reason)}`);
    });

    const warnings = [...store.warnings, ...store.dropWarnings()];
    if (store.droppedForScanCap) errors.push(`${store.droppedForScanCap.toLocaleString("en")} discovery replies dropped: the scan's cap of ${MAX_OBSERVATIONS_PER_SCAN.toLocaleString("en")} facts was reached`);
    const inventory = buildInventory(store.observations, warnings);
    const known = new Set(inventory.flatMap((e) => e.ips));
    for (const w of warnings) if (!known.has(w.ip)) errors.push(`${w.ip}: ${w.probe}: ${w.message}`);

    emit({ kind: "phase", phase: "enrich", detail: quantity(inventory.length, "device") });
    // Gateways inside the scope: their port-mapping tables (read-only), read before the devices they point to
    // are assembled, so that a camera that asked the router for a port carries that evidence itself.
    const gatewayReadings = new Map<InventoryEntry, GatewayReading>();
    const mappedHere = new Map<string, Observation[]>();
    await Promise.all(
      inventory
        .filter((e) => e.ips.some(inScope) && isGateway(e.observations))
        .map(async (e) => {
          const locations = e.observations.filter((o) => o.field === "upnp.location" && inScope(urlHost(o.value) ?? "")).map((o) => o.value);
          const r = await readGateway(http, e.ips.find(inScope)!, [...new Set(locations)], controller.signal);
          gatewayReadings.set(e, r);
          for (const [client, obs] of r.mapped) mappedHere.set(client, [...(mappedHere.get(client) ?? []), ...obs]);
        }),
    );
    await Promise.all(
      inventory.map(async (entry) => {
        // Reported at its IPv4 address when it has one: the address its users know.
        const ip = entry.ips.find((a) => inScope(a) && !a.includes(":")) ?? entry.ips.find(inScope) ?? entry.ips[0] ?? "";
        const inside = entry.ips.some(inScope);
        const asked = await Promise.all(entry.ips.flatMap((a) => enrichments.get(a) ?? []));
        const gateway = gatewayReadings.get(entry);
        const all = [...entry.observations, ...asked.flatMap((e) => e.observations), ...(gateway?.own ?? []), ...entry.ips.flatMap((a) => mappedHere.get(a) ?? [])];
        let mac = asked.find((e) => e.mac)?.mac;
        if (!inside) {
          // Out of scope: never contacted, but a MAC in the table or in its own replies still names its OUI owner.
          const m = await macEvidence(ip, entry.observations, await currentNeighbours());
          all.push(...m.observations);
          mac = m.mac;
        } else if (!mac) {
          // Learned since the device was asked: the neighbour table now, or a MAC the device stated only in an
          // enrichment reply (ISAPI, RPC2); either still names its OUI owner.
          const late = await macEvidence(ip, all, await currentNeighbours());
          all.push(...late.observations);
          mac = late.mac;
        }
        const extraWarnings = inside ? [...asked.flatMap((e) => e.warnings), ...(gateway?.warnings ?? [])] : [`answered from ${entry.ips.join(", ")}, outside the targets (${summariseScope(opts.scope)}); not contacted: add its range to the targets to ask it more`];
        const device = assembleDevice(entry, ip, inside, mac, all, [...entry.warnings, ...extraWarnings], subnets, opts, asOf);
        devices.push(device);
        emit({ kind: "device", device });
      }),
    );
  } catch (e) {
    controller.abort(); // nothing more is asked of anyone once the scan has failed
    throw e;
  } finally {
    live.close();
    await Promise.allSettled(enrichments.values());
    await http.close();
    opts.signal?.removeEventListener("abort", onAbort);
  }

  devices.sort((a, b) => compareIp(a.ip, b.ip));
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: opts.tool,
    catalogue: { version: opts.catalogue.data.meta.version, reviewed: opts.catalogue.data.meta.reviewed, asOf },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    partial: controller.signal.aborted,
    scope: {
      interfaces: opts.interfaces.map((i) => ({ name: i.name, address: i.address, cidr: i.cidr })),
      targets: opts.scope.toStrings(),
      ...(opts.scope.excluded.length ? { exclude: [...opts.scope.excluded] } : {}),
      probes: opts.probes.map((p) => p.name),
      listenMs: opts.listenMs,
      jurisdictions: opts.jurisdictions,
    },
    devices,
    errors,
  };
  emit({ kind: "phase", phase: "done" });
  return { report, contacted: [...http.contacted] };
}

/** One device for the report: identity, classification and the evidence behind them. */
function assembleDevice(
  entry: InventoryEntry,
  ip: string,
  inside: boolean,
  mac: string | undefined,
  all: Observation[],
  warnings: string[],
  subnets: { name: string; scope: Scope }[],
  opts: ScanOptions,
  asOf: string,
): Device {
  const evidence = all.map(toEvidence);
  const id = identify(evidence, opts.catalogue);
  return {
    id: idFromKeys(entry.keys, id.serial, ip),
    ip,
    ...(entry.ips.length > 1 ? { addresses: [...entry.ips].sort(compareIp) } : {}),
    ...(mac ? { mac } : {}),
    ...attachedInterface(subnets, ip),
    ...(id.vendor ? { vendor: id.vendor } : {}),
    ...(id.vendorChain && id.vendorChain.length > 1 ? { vendorChain: id.vendorChain } : {}),
    ...(id.platform ? { platform: id.platform } : {}),
    ...(id.brand ? { brand: id.brand } : {}),
    ...(id.model ? { model: id.model } : {}),
    ...(id.firmware ? { firmware: id.firmware } : {}),
    ...(id.serial ? { serial: id.serial } : {}),
    ...(id.deviceType ? { deviceType: id.deviceType } : {}),
    isSurveillance: id.isSurveillance,
    confidence: id.confidence,
    decisions: id.decisions,
    conflicts: id.conflicts,
    foundBy: [...new Set(entry.observations.map((o) => o.probe))],
    inScope: inside,
    evidence,
    risk: classify(id, opts.catalogue, opts.jurisdictions, describeAnswers(evidence), asOf),
    ...vulnerabilitiesOf(id, opts.catalogue),
    ...exposureField(evidence, opts.catalogue),
    warnings,
  };
}

/** Address order: IPv4 numerically, then IPv6 numerically (then by zone). */
/** The catalogue's vulnerabilities the device's own firmware evidence falls in; nothing when none. */
function vulnerabilitiesOf(id: ReturnType<typeof identify>, catalogue: ScanOptions["catalogue"]): { vulnerabilities?: DeviceVulnerability[] } {
  const firmware = id.decisions.filter((d) => d.field === "firmware").map((d) => ({ field: d.evidence.field, value: d.evidence.value }));
  const found = matchVulnerabilities({ ...(id.vendorId ? { vendorId: id.vendorId } : {}), ...(id.model ? { model: id.model } : {}), firmware }, catalogue.data.vulnerabilities);
  return found.length ? { vulnerabilities: found } : {};
}

/** The cloud and P2P exposure the device's evidence shows; nothing when none. */
function exposureField(evidence: Evidence[], catalogue: ScanOptions["catalogue"]): { exposure?: DeviceExposure[] } {
  const found = exposureOf(evidence, catalogue.data.exposureSignals);
  return found.length ? { exposure: found } : {};
}

export function compareIp(a: string, b: string): number {
  const a6 = a.includes(":");
  const b6 = b.includes(":");
  if (a6 !== b6) return a6 ? 1 : -1;
  if (a6) {
    const [x, y] = [ip6ToBigInt(a) ?? 0n, ip6ToBigInt(b) ?? 0n];
    return x < y ? -1 : x > y ? 1 : a.localeCompare(b);
  }
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

/** The scan's targets in a warning: the first few, and how many more. */
function summariseScope(scope: Scope): string {
  const all = scope.toStrings();
  return all.length > 3 ? `${all.slice(0, 3).join(", ")} and ${all.length - 3} more` : all.join(", ");
}
