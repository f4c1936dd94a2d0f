import type { Persona, PersonaContext } from "../persona.ts";
import type { MockHttpReply } from "./onvif.ts";

/**
 * A UPnP gateway's port-mapping table, read by index (GetGenericPortMappingEntry), shaped like a real gateway's
 * answers (an Actiontec GT784WN's entry, its 500 with UPnP error 713 past the end). A mapping's internal client may
 * name another lab member ("{member:dahua-ipc}"): the lab answers with that member's address.
 */
export function respondIgd(persona: Persona, ctx: PersonaContext, body: string): MockHttpReply | undefined {
  const igd = persona.igd;
  if (!igd) return undefined;
  const index = Number(/<NewPortMappingIndex>\s*(\d+)\s*<\/NewPortMappingIndex>/.exec(body)?.[1] ?? NaN);
  const xml = { "content-type": 'text/xml; charset="utf-8"' };
  const m = Number.isInteger(index) ? igd.mappings[index] : undefined;
  if (!/GetGenericPortMappingEntry/.test(body) || !m) {
    return {
      status: 500,
      headers: xml,
      body:
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">\n <s:Body>\n  <s:Fault>\n   <faultcode>s:Client</faultcode>\n   <faultstring>UPnPError</faultstring>\n   <detail>\n    <UPnPError xmlns="urn:schemas-upnp-org:control-1-0">\n     <errorCode>713</errorCode>\n     <errorDescription>SpecifiedArrayIndexInvalid</errorDescription>\n    </UPnPError>\n   </detail>\n  </s:Fault>\n </s:Body>\n</s:Envelope>\n',
    };
  }
  const member = (text: string): string => text.replace(/\{member:([\w:.-]+)\}/g, (_all, id: string) => ctx.lookup?.(id) ?? "0.0.0.0");
  const client = member(m.internalClient);
  return {
    status: 200,
    headers: xml,
    body:
      `<?xml version="1.0"?>\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><m:GetGenericPortMappingEntryResponse xmlns:m="${igd.serviceType}">` +
      `<NewRemoteHost></NewRemoteHost><NewExternalPort>${m.externalPort}</NewExternalPort><NewProtocol>${m.protocol}</NewProtocol><NewInternalPort>${m.internalPort}</NewInternalPort><NewInternalClient>${client}</NewInternalClient>` +
      `<NewEnabled>1</NewEnabled><NewPortMappingDescription>${member(m.description)}</NewPortMappingDescription><NewLeaseDuration>0</NewLeaseDuration></m:GetGenericPortMappingEntryResponse></s:Body></s:Envelope>`,
  };
}
