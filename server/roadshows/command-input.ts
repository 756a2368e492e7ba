import { z } from "zod";
import { refuse } from "./answers";

// Reading a roadshow command's raw socket message: anything that does not fit
// the shape is refused as `invalid`, naming the first field at fault.

export const uuid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
  );

export function parseCommand<T extends z.ZodTypeAny>(
  schema: T,
  msg: unknown
): { ok: true; data: z.infer<T> } | ReturnType<typeof refuse> {
  const r = schema.safeParse(msg);
  if (r.success) return { ok: true, data: r.data };
  const path = r.error.issues[0]?.path ?? [];
  return refuse("invalid", path.length ? path.join(".") : undefined);
}
