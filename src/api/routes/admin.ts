import type { Hono as HonoApp } from "hono";
import { Hono } from "hono";
import { basicAuth } from "hono/basic-auth";
import type { AnalysisQueue } from "../../queue/index.ts";

export const ADMIN_PATH = "/admin/queues";

/**
 * Bull Board, built on its first request rather than at start: its modules (the board, its
 * adapters, the static-file server) cost the API's idle memory for a page an operator may
 * never open.
 */
async function loadBoard(queue: AnalysisQueue): Promise<HonoApp> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { serveStatic }] =
    await Promise.all([
      import("@bull-board/api"),
      import("@bull-board/api/bullMQAdapter"),
      import("@bull-board/hono"),
      import("@hono/node-server/serve-static"),
    ]);
  type BoardAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(ADMIN_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    // @bull-board/hono ships its own nested copy of @bull-board/api (a patch version apart), so
    // the two IServerAdapter types differ only by their private fields; at run time they match.
    serverAdapter: serverAdapter as unknown as BoardAdapter,
  });
  return new Hono().basePath(ADMIN_PATH).route("/", serverAdapter.registerPlugin());
}

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
  let board: Promise<HonoApp> | null = null;
  const admin = new Hono();
  admin.use(
    "*",
    basicAuth({
      username: credentials.user,
      password: credentials.password,
      realm: "RepoLens admin",
    }),
  );
  admin.all("*", async function bullBoard(c) {
    board ??= loadBoard(queue).catch((error) => {
      board = null;
      throw error;
    });
    return (await board).fetch(c.req.raw, c.env);
  });
  return admin;
}
