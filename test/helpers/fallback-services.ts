export interface FallbackService {
  url: string;
  stop(): Promise<void>;
}

export async function startFallbackRedis(): Promise<FallbackService> {
  throw new Error("no Redis on 127.0.0.1:6379 and TEST_REDIS_URL unset");
}

export async function startFallbackPostgres(): Promise<FallbackService> {
  throw new Error("no Postgres on 127.0.0.1:5432 and TEST_DATABASE_URL unset");
}
