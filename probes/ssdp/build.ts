export const SSDP_PORT = 1900;
export const SSDP_GROUP = "239.255.255.250";
/** UPnP Device Architecture 1.1 §1.1.1: the link-local scope of the SSDP group. */
export const SSDP_GROUP6 = "ff02::c";

/** An M-SEARCH request; the final empty line matters (some devices ignore requests without it). */
export function buildMSearch(st: string, mx = 2, host = `${SSDP_GROUP}:${SSDP_PORT}`): string {
  return ["M-SEARCH * HTTP/1.1", `HOST: ${host}`, 'MAN: "ssdp:discover"', `MX: ${mx}`, `ST: ${st}`, "USER-AGENT: camsweep UPnP/1.1", "", ""].join("\r\n");
}
