import { z } from "zod";

/** One fact a probe learned, with where it came from. Probes emit these; the inventory merges them. */
export const ObservationSchema = z.object({
  ip: z.string(),
  probe: z.string(),
  field: z.string(),
  value: z.string(),
  url: z.string().optional(),
  /** Keys that tie observations of one device together across addresses (endpoint uuid, UDN, serial, MAC). */
  keys: z.array(z.string()).optional(),
});
export type Observation = z.infer<typeof ObservationSchema>;

/** A problem with one reply or one device: recorded, never fatal to the scan. */
export interface ProbeWarning {
  ip: string;
  probe: string;
  message: string;
}
