import { findFirst, findText, parseXml, type XmlValue } from "../../src/net/xml.ts";
import type { Observation } from "../../src/model/observation.ts";
import type { InfoEndpointRecord, EndpointReading } from "../info-endpoint.ts";

/**
 * What a like-for-like replacement must match, as the camera's ISAPI states it: the main stream's codec and
 * resolution, and its audio and alarm I/O ports. Both pages ask for credentials, so they are asked only when the user
 * gave them. PTZ is not read here: recorders and fixed cameras list PTZ control capabilities too (real answers).
 */
export const ISAPI_STREAM_FIELDS = ["isapi.stream.codec", "isapi.stream.resolution"];
export const ISAPI_CAPABILITY_FIELDS = ["isapi.cap.audioInputs", "isapi.cap.audioOutputs", "isapi.cap.ioInputs", "isapi.cap.ioOutputs"];

type Reader = (node: XmlValue) => [string, string | undefined][];

/** A settings page that needs credentials: its answer's `root` element, read by `pick` into evidence fields. */
function settingsEndpoint(name: string, description: string, path: string, emits: string[], root: string, pick: Reader): InfoEndpointRecord {
  return {
    name,
    description,
    path,
    method: "GET",
    identifies: false,
    digest: true,
    credentialsOnly: true,
    emits,
    parse: (ip, url, body, status): EndpointReading => {
      if (status !== 200) return { observations: [] };
      const { doc, error } = parseXml(body);
      const node = findFirst(doc, root);
      if (!node) return { observations: [], ...(error ? { error } : {}) };
      const observations: Observation[] = [];
      for (const [field, value] of pick(node)) if (value?.trim()) observations.push({ ip, probe: name, field, value: value.trim().slice(0, 100), url });
      return { observations };
    },
  };
}

export const isapiStreamEndpoint = settingsEndpoint(
  "isapi-stream",
  "Hikvision ISAPI /ISAPI/Streaming/channels/101: the main stream's codec and resolution (with credentials only)",
  "/ISAPI/Streaming/channels/101",
  ISAPI_STREAM_FIELDS,
  "Video",
  (video) => {
    const w = findText(video, "videoResolutionWidth");
    const h = findText(video, "videoResolutionHeight");
    return [
      ["isapi.stream.codec", findText(video, "videoCodecType")],
      ["isapi.stream.resolution", w && h && /^\d+$/.test(w) && /^\d+$/.test(h) ? `${w}x${h}` : undefined],
    ];
  },
);

export const isapiCapabilitiesEndpoint = settingsEndpoint(
  "isapi-capabilities",
  "Hikvision ISAPI /ISAPI/System/capabilities: audio inputs and outputs, alarm inputs and outputs (with credentials only)",
  "/ISAPI/System/capabilities",
  ISAPI_CAPABILITY_FIELDS,
  "SysCap",
  (sys) => {
    const audio = findFirst(sys, "AudioCap");
    const io = findFirst(sys, "IOCap");
    return [
      ["isapi.cap.audioInputs", findText(audio, "audioInputNums")],
      ["isapi.cap.audioOutputs", findText(audio, "audioOutputNums")],
      ["isapi.cap.ioInputs", findText(io, "IOInputPortNums")],
      ["isapi.cap.ioOutputs", findText(io, "IOOutputPortNums")],
    ];
  },
);
