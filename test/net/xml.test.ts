import { readdirSync, readFileSync } from "node:fs";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { findText, parseXml } from "../../src/net/xml.ts";
import { referenceXmlParser as reference } from "./xml-reference.ts";

// Every real XML answer kept as a sample (devices' own replies, each with its source beside it), read by camsweep's
// parser and by fast-xml-parser (a development dependency kept as the reference) set as camsweep once used it.
const DIRS = [new URL("../fixtures/samples/", import.meta.url), new URL("../../mock-devices/samples/", import.meta.url)];
function xmlSamples(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: URL): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(new URL(`${e.name}/`, dir));
      else if (!e.name.endsWith(".src.txt")) {
        const raw = readFileSync(new URL(e.name, dir), "utf8");
        // Samples kept as whole HTTP responses: the body.
        const body = /^HTTP\/1\.[01] /.test(raw) ? raw.slice(raw.search(/\r?\n\r?\n/)).trimStart() : raw;
        if (/^\s*<(\?xml|[A-Za-z][\w.:-]*[\s>])/.test(body)) out.push({ name: new URL(e.name, dir).pathname.split("/").slice(-2).join("/"), text: body });
      }
    }
  };
  DIRS.forEach(walk);
  return out;
}

describe("parseXml", () => {
  const samples = xmlSamples();
  it("has real samples to read", () => {
    expect(samples.length).toBeGreaterThan(30);
  });

  it.each(samples.map((s) => [s.name, s.text]))("reads %s as the reference parser does, and finds it well-formed when it does", (_name, text) => {
    const ours = parseXml(text);
    const valid = XMLValidator.validate(text) === true;
    expect(ours.error === undefined, ours.error).toBe(valid);
    if (valid) expect(ours.doc).toEqual(reference.parse(text));
  });

  it("keeps what it can of a truncated reply and says it is malformed", () => {
    const r = parseXml(`<?xml version="1.0"?><Envelope><Body><Model>DS-2CD2042WD</Model><Serial>ABC`);
    expect(r.error).toMatch(/^malformed XML: <Serial> is not closed \(line 1\)$/);
    expect(findText(r.doc, "Model")).toBe("DS-2CD2042WD");
  });

  it("names the fault and its line", () => {
    expect(parseXml("<a>\n<b></c></a>").error).toBe("malformed XML: closing tag </c> where </b> was expected (line 2)");
    expect(parseXml("<a x=1/>").error).toMatch(/attribute of <a> that is not name="value"/);
    expect(parseXml('<a x="1" x="2"/>').error).toMatch(/attribute x given twice/);
    expect(parseXml("<a/><b/>").error).toMatch(/a second root element <b>/);
    expect(parseXml("<a>fish & chips</a>").error).toMatch(/"&" that starts no entity/);
    expect(parseXml("just text").error).toMatch(/text outside the root element/);
    expect(parseXml("").error).toMatch(/no root element/);
  });

  it("expands no declared entity, and decodes the predefined ones and character references once", () => {
    const r = parseXml(`<!DOCTYPE a [<!ENTITY x "boom">]><a k="&lt;&amp;lt;">&x;&#65;&#x42;&amp;amp;</a>`);
    expect(r.doc).toEqual({ a: { "#text": "&x;AB&amp;", "@_k": "<&lt;" } });
  });

  it("keeps names that would reach an object's prototype under another name", () => {
    const r = parseXml(`<a><__proto__><polluted>yes</polluted></__proto__><constructor x:toString="1">c</constructor></a>`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.doc).toEqual({ a: { ____proto__: { polluted: "yes" }, __constructor: { "#text": "c", "@___toString": "1" } } });
  });

  it("stops at 100 levels of nesting", () => {
    expect(parseXml(`${"<a>".repeat(150)}${"</a>".repeat(150)}`).error).toMatch(/nested more than 100 deep/);
  });

  it("gives repeated elements as an array, mixed text joined, CDATA as it is, comments and PIs skipped", () => {
    const r = parseXml(`<?xml version="1.0"?><r><!-- c --><i>1</i> t1 <i>2</i><?pi x?> t2 <d><![CDATA[<x>&amp;]]></d></r>`);
    expect(r.doc).toEqual({ r: { i: ["1", "2"], d: "<x>&amp;", "#text": "t1t2" } });
  });
});
