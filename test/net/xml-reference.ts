import { XMLParser } from "fast-xml-parser";
import { decodeXmlText } from "../../src/net/xml.ts";

/**
 * fast-xml-parser set as camsweep once used it: the reference camsweep's own XML reader is held to (test/net/xml.test.ts)
 * and timed beside (bench/xml.ts). A development dependency only.
 */
export const referenceXmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  tagValueProcessor: (_n: string, v: string) => decodeXmlText(v),
  attributeValueProcessor: (_n: string, v: string) => decodeXmlText(v),
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});
