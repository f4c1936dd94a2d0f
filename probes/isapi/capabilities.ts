import { findFirst, findText, parseXml } from "../../src/net/xml.ts";
import type { Observation } from "../../src/model/observation.ts";
import type { InfoEndpointRecord, EndpointReading } from "../info-endpoint.ts";

/**
 * What a like-for-like replacement must match, as the camera's ISAPI states it: the main stream's codec and
 * resolution, and its audio and alarm I/O ports. Both pages ask for credentials, so they are asked only when the user
 * gave them. PTZ is not read here: recorders and fixed cameras list PTZ control capabilities too (real answers).
 */
export const ISAPI_STREAM_FIELDS = ["isapi.stream.codec", "isapi.stream.resolution"];
export const ISAPI_CAPABILITY_FIELDS = ["isapi.cap.audioInputs", "isapi.cap.audioOutputs", "isapi.cap.ioInputs", "isapi.cap.ioOutputs"];

function read(probe: string, ip: string, url: string, body: string, status: number, root: string, pick: (node: NonNullable<ReturnType<typeof findFirst>>) => [string, string | undefined][]): EndpointReading {
  if (status !== 200) return { observations: [] };
  const { doc, error } = parseXml(body);
  const node = findFirst(doc, root);
  if (!node) return { observations: [], ...(error ? { error } : {}) };
  const observations: Observation[] = [];
  for (const [field, value] of pick(node)) if (value?.trim()) observations.push({ ip, probe, field, value: value.trim().slice(0, 100), url });
  return { observations };
}

export const isapiStreamEndpoint: InfoEndpointRecord = {
  name: "isapi-stream",
  description: "Hikvision ISAPI /ISAPI/Streaming/channels/101: the main stream's codec and resolution (with credentials only)",
  path: "/ISAPI/Streaming/channels/101",
  method: "GET",
  identifies: false,
  digest: true,
  credentialsOnly: true,
  emits: ISAPI_STREAM_FIELDS,
  parse: (ip, url, body, status) =>
    read("isapi-stream", ip, url, body, status, "Video", (video) => {
      const w = findText(video, "videoResolutionWidth");
      const h = findText(video, "videoResolutionHeight");
      return [
        ["isapi.stream.codec", findText(video, "videoCodecType")],
        ["isapi.stream.resolution", w && h && /^\d+$/.test(w) && /^\d+$/.test(h) ? `${w}x${h}` : undefined],
      ];
    }),
};

export const isapiCapabilitiesEndpoint: InfoEndpointRecord = {
  name: "isapi-capabilities",
  description: "Hikvision ISAPI /ISAPI/System/capabilities: audio inputs and outputs, alarm inputs and outputs (with credentials only)",
  path: "/ISAPI/System/capabilities",
  method: "GET",
  identifies: false,
  digest: true,
  credentialsOnly: true,
  emits: ISAPI_CAPABILITY_FIELDS,
  parse: (ip, url, body, status) =>
    read("isapi-capabilities", ip, url, body, status, "SysCap", (sys) => {
      const audio = findFirst(sys, "AudioCap");
      const io = findFirst(sys, "IOCap");
      return [
        ["isapi.cap.audioInputs", findText(audio, "audioInputNums")],
        ["isapi.cap.audioOutputs", findText(audio, "audioOutputNums")],
        ["isapi.cap.ioInputs", findText(io, "IOInputPortNums")],
        ["isapi.cap.ioOutputs", findText(io, "IOOutputPortNums")],
      ];
    }),
};
