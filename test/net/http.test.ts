import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, OutOfScopeError, type HttpOptions } from "../../src/net/http.ts";
import { Scope } from "../../src/net/scope.ts";
import { fixture, fixtureBytes } from "../helpers.ts";

// Every server here listens on 127.0.0.1: the suite runs in a private network namespace with loopback only.
const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener, tls = false): Promise<string> {
  const s = tls ? https.createServer({ key: fixtureBytes("tls/key.pem"), cert: fixtureBytes("tls/cert.pem") }, handler) : http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `${tls ? "https" : "http"}://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function client(o: Partial<HttpOptions> = {}): HttpClient {
  return new HttpClient({ scope: Scope.parse(["127.0.0.0/8"]), concurrency: 8, perHost: 2, connectTimeoutMs: 500, responseTimeoutMs: 300, maxResponseBytes: 1024, ...o });
}

describe("HttpClient", () => {
  it("sends the URL's host, its own user agent and a POST body with its length; gives status, headers and body", async () => {
    let seen: { host?: string; ua?: string; length?: string; type?: string; body: string } = { body: "" };
    const origin = await serve((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen = { host: req.headers.host, ua: req.headers["user-agent"], length: req.headers["content-length"], type: req.headers["content-type"], body };
        res.writeHead(200, { "Content-Type": "text/xml", Server: "App-webs/" });
        res.end("<a>é</a>");
      });
    });
    const res = await client().fetch(`${origin}/onvif/device_service`, { method: "POST", headers: { "content-type": "application/soap+xml" }, body: "<x>é</x>" });
    expect(res).toMatchObject({ status: 200, body: "<a>é</a>", headers: { "content-type": "text/xml", server: "App-webs/" } });
    expect(seen).toEqual({ host: origin.replace("http://", ""), ua: "camsweep", length: "9", type: "application/soap+xml", body: "<x>é</x>" });
  });

  it("refuses a body over the limit, declared or streamed", async () => {
    const origin = await serve((req, res) => {
      if (req.url === "/declared") {
        res.writeHead(200, { "content-length": "5000" });
        res.end("x".repeat(5000));
      } else {
        res.writeHead(200);
        res.write("x".repeat(800));
        res.end("y".repeat(800));
      }
    });
    await expect(client().fetch(`${origin}/declared`)).rejects.toMatchObject({ code: "EMSGSIZE" });
    await expect(client().fetch(`${origin}/streamed`)).rejects.toMatchObject({ code: "EMSGSIZE" });
  });

  it("gives up on a server that never answers, one that stalls its body, and one that trickles it", async () => {
    const origin = await serve((req, res) => {
      if (req.url === "/silent") return;
      res.writeHead(200, { "content-type": "text/html" });
      if (req.url === "/stall") return void res.write("<html>");
      // One byte every 25 ms: each chunk comes in time, the whole answer never does.
      const t = setInterval(() => res.write("x"), 25);
      res.on("close", () => clearInterval(t));
    });
    const c = client({ maxResponseBytes: 1 << 20 });
    await expect(c.fetch(`${origin}/silent`)).rejects.toMatchObject({ code: "ETIMEDOUT", message: expect.stringContaining("no response headers") });
    await expect(c.fetch(`${origin}/stall`)).rejects.toMatchObject({ code: "ETIMEDOUT", message: expect.stringContaining("body stalled") });
    await expect(c.fetch(`${origin}/trickle`)).rejects.toMatchObject({ code: "ETIMEDOUT", message: expect.stringContaining("no complete answer") });
  });

  it("reports a refused port by its code, and contacts nothing outside the scope", async () => {
    const origin = await serve(() => undefined);
    const port = Number(new URL(origin).port);
    await new Promise((r) => servers.pop()!.close(r));
    const c = client({ scope: Scope.parse(["127.0.0.1"]) });
    await expect(c.fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(c.fetch("http://127.0.0.2/")).rejects.toBeInstanceOf(OutOfScopeError);
    expect(c.contacted).toEqual([`http://127.0.0.1:${port}/`]);
  });

  it("answers a Digest challenge once with the credentials, and keeps the challenge", async () => {
    // The Digest challenge a Hikvision camera sent (from its RTSP server: test/fixtures/samples/hikvision-rtsp-session-1.txt).
    const challenge = /^WWW-Authenticate: (.+)$/m.exec(fixture("samples/hikvision-rtsp-session-1.txt"))![1]!.trim();
    const auth: (string | undefined)[] = [];
    const origin = await serve((req, res) => {
      auth.push(req.headers.authorization);
      if (!req.headers.authorization) {
        res.writeHead(401, { "www-authenticate": challenge });
        return void res.end();
      }
      res.end("ok");
    });
    const res = await client().fetch(`${origin}/ISAPI/System/deviceInfo`, { digest: { username: "admin", password: "pw" } });
    expect(res.status).toBe(200);
    expect(res.challenged?.status).toBe(401);
    expect(auth[0]).toBeUndefined();
    expect(auth[1]).toMatch(/^Digest username="admin", realm="IP Camera\(C2875\)", nonce="938032d91ffc30ca80b5da94c18887ac", uri="\/ISAPI\/System\/deviceInfo"/);
  });

  it("reads an HTTPS answer behind a self-signed certificate", async () => {
    const origin = await serve((req, res) => res.end("secure"), true);
    expect((await client().fetch(`${origin}/`)).body).toBe("secure");
  });

  it("stops at once when the caller aborts, or when the client closes", async () => {
    const origin = await serve(() => undefined);
    const c = client({ responseTimeoutMs: 60_000 });
    const stop = new AbortController();
    const asked = c.fetch(`${origin}/`, { signal: stop.signal });
    setTimeout(() => stop.abort(new Error("scan stopped")), 50);
    await expect(asked).rejects.toThrow("scan stopped");
    const pending = c.fetch(`${origin}/`);
    setTimeout(() => void c.close(), 50);
    await expect(pending).rejects.toMatchObject({ code: "ABORT_ERR" });
  });
});
