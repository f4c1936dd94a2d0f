export { SCAN_DEFAULTS } from "../options/constants.ts";
