import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askOnvifDevice } from "../../../probes/onvif/conversation.ts";
import { HttpClient } from "../../../src/net/http.ts";
import { Scope } from "../../../src/net/scope.ts";
import { fixture } from "../../helpers.ts";

// Real answers: an Axis camera's clock, and an Axis M5525-E's device information and scopes. The refusal (HTTP 401
// with a Digest challenge) is the test's own: no real refused ONVIF exchange was found.
const TIME = fixture("samples/axis-onvif-getsystemdateandtime-1.xml");
const sample = (name: string): string => readFileSync(new URL(`../../../mock-devices/samples/axis-m5525-e/${name}`, import.meta.url), "utf8");
const INFO = sample("getdeviceinformation.xml");
const SCOPES = sample("getscopes.xml");

/** What each path's device service was asked, in order. */
const asked = new Map<string, string[]>();
let server: http.Server;
let origin = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const action = /device\/wsdl\/(\w+)/.exec(req.headers["content-type"] ?? "")?.[1] ?? "?";
    asked.set(req.url!, [...(asked.get(req.url!) ?? []), action]);
    req.resume();
    if (req.url === "/missing") return void res.writeHead(404).end("<html>Not Found</html>");
    const open = req.url === "/open";
    const reply = action === "GetSystemDateAndTime" ? TIME : action === "GetScopes" ? SCOPES : INFO;
    // The closed device answers only the clock, as the spec lets it.
    if (!open && action !== "GetSystemDateAndTime") return void res.writeHead(401, { "www-authenticate": 'Digest realm="AXIS_ACCC8E000000"' }).end();
    res.writeHead(200, { "content-type": "application/soap+xml" }).end(reply);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const client = (): HttpClient => new HttpClient({ scope: Scope.parse(["127.0.0.1"]), concurrency: 4, perHost: 2, connectTimeoutMs: 1000, responseTimeoutMs: 2000, maxResponseBytes: 1 << 20 });
const fields = (r: { observations: { field: string; value: string }[] }): Record<string, string> => Object.fromEntries(r.observations.map((o) => [o.field, o.value]));

describe("the ONVIF device-service conversation", () => {
  it("asks a device that gives its information openly nothing more than that and its scopes; not even the scopes when discovery heard them", async () => {
    const r = await askOnvifDevice({ http: client(), ip: "127.0.0.1", url: `${origin}/open` });
    expect(r.answered).toBe(true);
    expect(fields(r)).toMatchObject({ "onvif.manufacturer": "AXIS", "onvif.model": "M5525-E", "onvif.scope.hardware": "M5525-E" });
    expect(asked.get("/open")).toEqual(["GetDeviceInformation", "GetScopes"]);
    asked.delete("/open");
    const again = await askOnvifDevice({ http: client(), ip: "127.0.0.1", url: `${origin}/open`, scopesKnown: true });
    expect(fields(again)["onvif.model"]).toBe("M5525-E");
    expect(asked.get("/open")).toEqual(["GetDeviceInformation"]);
  });

  it("asks a device that refuses its information for the clock, and keeps the refusal, the clock and the stack's namespaces", async () => {
    const r = await askOnvifDevice({ http: client(), ip: "127.0.0.1", url: `${origin}/closed` });
    expect(r.answered).toBe(true);
    const f = fields(r);
    expect(f["onvif.auth"]).toMatch(/^GetDeviceInformation: HTTP 401|^GetScopes: HTTP 401/);
    expect(f["onvif.realm"]).toBe("AXIS_ACCC8E000000");
    expect(f["onvif.clockOffsetSeconds"]).toMatch(/^-?\d+$/);
    expect(r.observations.some((o) => o.field === "onvif.namespace" && o.value.includes("axis.com"))).toBe(true);
    expect(asked.get("/closed")).toEqual(["GetDeviceInformation", "GetSystemDateAndTime", "GetScopes"]);
  });

  it("stops at a 404: no device service is there", async () => {
    const r = await askOnvifDevice({ http: client(), ip: "127.0.0.1", url: `${origin}/missing` });
    expect(r).toMatchObject({ answered: false, observations: [] });
    expect(asked.get("/missing")).toEqual(["GetDeviceInformation"]);
  });
});
