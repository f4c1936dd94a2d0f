import { z } from "zod";

// The exceptions file's schema, apart from applying them: zod loads only when a file is given.

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "a date that exists (YYYY-MM-DD)");

export const ExceptionSchema = z
  .object({
    mac: z.string().regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, "a MAC as aa:bb:cc:dd:ee:ff").optional(),
    serial: z.string().min(1).optional(),
    ip: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, "an IPv4 address").optional(),
    reason: z.string().min(1, "say why the device is accepted"),
    expires: day,
  })
  .strict()
  .refine((e) => e.mac || e.serial || e.ip, { message: "name the device by mac, serial or ip" });

export const ExceptionsFileSchema = z.object({ exceptions: z.array(ExceptionSchema) }).strict();
export type DeviceException = z.infer<typeof ExceptionSchema>;
