import onvif from "onvif";
import { Bonjour, type Service } from "bonjour-service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPersonas, startLab, type Lab } from "../../mock-devices/lab.ts";

// Real third-party clients against our mock devices: proof that the mocks speak the real protocols.
let lab: Lab;
beforeAll(async () => {
  const personas = loadPersonas().filter((p) => p.id === "hikvision-ipc" || p.id === "hikvision-mdns-camera");
  lab = await startLab({ personas, firstAddress: "127.77.2.10" });
});
afterAll(async () => lab?.close());

function deviceInformation(hostname: string, port: number, username: string, password: string): Promise<{ model?: string; serialNumber?: string }> {
  return new Promise((resolve, reject) => {
    const cam = new onvif.Cam({ hostname, port, username, password, autoconnect: false, timeout: 5000 });
    cam.getSystemDateAndTime((err: Error | null) => {
      if (err) return reject(err);
      cam.getDeviceInformation((err2, info) => (err2 ? reject(err2) : resolve(info ?? {})));
    });
  });
}

describe("the onvif npm client against the mock Hikvision camera", () => {
  it("gets the persona's model with the right credentials (WS-Security PasswordDigest)", async () => {
    const m = lab.members.find((x) => x.persona.id === "hikvision-ipc")!;
    const creds = m.persona.credentials!;
    const info = await deviceInformation(m.ip, m.httpPort, creds.username, creds.password);
    expect(info.model).toBe("DS-2CD2146G2-ISU");
    expect(info.serialNumber).toBe(m.persona.onvif!.serial);
  });

  it("is refused with a wrong password", async () => {
    const m = lab.members.find((x) => x.persona.id === "hikvision-ipc")!;
    await expect(deviceInformation(m.ip, m.httpPort, "admin", "wrong")).rejects.toThrow();
  });
});

describe("bonjour-service against the mock mDNS camera", () => {
  it("finds the Hikvision _CGI._tcp service with its port and host", async () => {
    const m = lab.members.find((x) => x.persona.id === "hikvision-mdns-camera")!;
    const bonjour = new Bonjour();
    try {
      const found = await new Promise<Service>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error("bonjour-service found nothing in 8 s")), 8000);
        bonjour.find({ type: "CGI" }, (s: Service) => {
          clearTimeout(t);
          resolve(s);
        });
      });
      expect(found.name).toBe("HIKVISION DS-2CD2722FWD-IZS - 733050075");
      expect(found.port).toBe(m.httpPort);
      expect(found.host).toBe("DS-2CD2722FWD-IZS20170321BBWR733050075.local");
      expect(found.referer?.address).toBe(m.ip);
    } finally {
      bonjour.destroy();
    }
  });
});
