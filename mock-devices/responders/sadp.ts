import type { Persona, PersonaContext } from "../persona.ts";

/** A SADP ProbeMatch in the element order real devices use; the reply echoes the inquiry's Uuid. */
export function respondSadp(persona: Persona, ctx: PersonaContext, text: string): string[] {
  const p = persona.sadp;
  if (!p || !/<Types>inquiry<\/Types>/.test(text) || /<ProbeMatch>/.test(text)) return [];
  const uuid = /<Uuid>([^<]{1,64})<\/Uuid>/.exec(text)?.[1] ?? "00000000-0000-0000-0000-000000000000";
  const el: [string, string][] = [
    ["Uuid", uuid],
    ["Types", "inquiry"],
    ["DeviceType", p.deviceType],
    ["DeviceDescription", p.model],
    ["DeviceSN", p.serial],
    ["CommandPort", "8000"],
    ["HttpPort", String(ctx.httpPort)],
    ["MAC", ctx.mac.replace(/:/g, "-")],
    ["IPv4Address", p.reportedAddress ?? ctx.ip],
    ["IPv4SubnetMask", p.mask ?? "255.0.0.0"],
    ["IPv4Gateway", p.gateway ?? "0.0.0.0"],
    ["IPv6Address", "::"],
    ["DHCP", "false"],
    ["SoftwareVersion", p.firmware],
    ["DSPVersion", p.dspVersion ?? "V7.3 build 170818"],
    ["BootTime", "2024-05-19 14:31:12"],
    ["Encrypt", "true"],
    ["Activated", String(p.activated)],
    ["OEMInfo", p.oemInfo ?? "N/A"],
    ...(p.hcPlatformEnable === undefined ? [] : ([["SupportHCPlatform", "true"], ["HCPlatformEnable", String(p.hcPlatformEnable)]] as [string, string][])),
  ];
  return [`<?xml version="1.0" encoding="UTF-8"?>\n<ProbeMatch>\n${el.map(([k, v]) => `<${k}>${v}</${k}>`).join("\n")}\n</ProbeMatch>\n`];
}
