import type { RequestIdVariables } from "hono/request-id";
import type { Logger } from "../log/index.ts";

/** What every request carries through the middleware chain. */
export interface ApiEnv {
  Variables: RequestIdVariables & {
    /** The API logger with this request's id on every line. */
    log: Logger;
    /** Who is asking, as limits count clients: see `middleware/client-address.ts`. */
    client: string;
  };
}
