import { buildDhipFrame } from "../../probes/dhip/build.ts";
import type { Persona, PersonaContext } from "../persona.ts";

/** The client.notifyDevInfo reply of a Dahua-family device to a DHDiscover.search frame. */
export function respondDhip(persona: Persona, ctx: PersonaContext, datagram: Buffer): Buffer[] {
  const p = persona.dhip;
  if (!p || datagram.subarray(4, 8).toString("latin1") !== "DHIP" || !datagram.includes("DHDiscover.search")) return [];
  const reply = {
    mac: ctx.mac,
    method: "client.notifyDevInfo",
    params: {
      deviceInfo: {
        AlarmInputChannels: 0,
        AlarmOutputChannels: 0,
        DeviceClass: p.deviceClass,
        DeviceType: p.model,
        HttpPort: ctx.httpPort,
        IPv4Address: { DefaultGateway: "0.0.0.0", DhcpEnable: false, IPAddress: ctx.ip, SubnetMask: "255.0.0.0" },
        MachineName: p.serial,
        Manufacturer: p.manufacturer,
        Port: 37777,
        SerialNo: p.serial,
        Vendor: p.vendor,
        Version: p.firmware,
        Init: p.initialised ? 1 : 0,
      },
    },
  };
  return [buildDhipFrame(JSON.stringify(reply))];
}
