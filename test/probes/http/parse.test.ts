import { describe, expect, it } from "vitest";
import { parseAuthScheme, parseRealm, parseTitle } from "../../../probes/http/parse.ts";
import { fixture } from "../../helpers.ts";

describe("HTTP/RTSP headers and pages", () => {
  it("reads the realm of the Hikvision RTSP 401 sample", () => {
    const line = fixture("samples/hikvision-rtsp-session-1.txt").split(/\r?\n/).find((l) => /^WWW-Authenticate:/i.test(l)) ?? "";
    const value = line.replace(/^WWW-Authenticate:\s*/i, "");
    expect(parseRealm(value)).toMatch(/^IP Camera\(/);
    expect(parseAuthScheme(value)).toBe("Digest");
  });
  it("reads unquoted realms and none", () => {
    expect(parseRealm("Basic realm=device")).toBe("device");
    expect(parseRealm(undefined)).toBeUndefined();
  });
  it("reads titles with entities and whitespace, and nothing else", () => {
    expect(parseTitle("<html><head><TITLE>\n  WEB&nbsp;SERVICE &amp; more </TITLE>")).toBe("WEB SERVICE & more");
    expect(parseTitle("<title>&#72;&#x69;</title>")).toBe("Hi");
    expect(parseTitle("<html></html>")).toBeUndefined();
  });
});
