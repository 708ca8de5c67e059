import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { basicAuth } from "hono/basic-auth";
import type { AnalysisQueue } from "../../queue/index.ts";

export const ADMIN_PATH = "/admin/queues";

type BoardAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

/**
 * Bull Board behind basic auth. Its page polls queue counts while it is open, which costs
 * Redis commands only while an operator looks at it.
 *
 * @example
 * const admin = adminRoutes(queue, { user: env.ADMIN_USER, password: env.ADMIN_PASSWORD });
 * if (admin) app.route(ADMIN_PATH, admin);
 */
export function adminRoutes(
  queue: AnalysisQueue,
  credentials: { user?: string; password?: string },
): Hono | null {
  // No credentials, no dashboard: an unprotected queue console must never be reachable.
  if (!credentials.user || !credentials.password) return null;
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(ADMIN_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    // @bull-board/hono ships its own nested copy of @bull-board/api (a patch version apart), so
    // the two IServerAdapter types differ only by their private fields; at run time they match.
    serverAdapter: serverAdapter as unknown as BoardAdapter,
  });
  const admin = new Hono();
  admin.use(
    "*",
    basicAuth({
      username: credentials.user,
      password: credentials.password,
      realm: "RepoLens admin",
    }),
  );
  admin.route("/", serverAdapter.registerPlugin());
  return admin;
}
