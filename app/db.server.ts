// PostgreSQL access: Prisma (WebAssembly query compiler over the pg driver adapter, no native engine) for
// ordinary reads and writes, and a pg Pool for set-based SQL and COPY where Prisma has no equivalent.
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getEnv } from "./env.server";

// BIGINT (int8) comes back as a string from pg by default; ids are compared as strings or BigInt explicitly.

declare global {
  var __segwaPrisma: PrismaClient | undefined;
  var __segwaPool: pg.Pool | undefined;
}

export function createPrisma(connectionString = getEnv().DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

/** The process-wide Prisma client (kept across dev-server reloads). */
export function prisma(): PrismaClient {
  globalThis.__segwaPrisma ??= createPrisma();
  return globalThis.__segwaPrisma;
}

/** The process-wide pg pool for raw SQL. */
export function pool(): pg.Pool {
  globalThis.__segwaPool ??= new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 10 });
  return globalThis.__segwaPool;
}

export async function closeDb() {
  const p = globalThis.__segwaPrisma;
  const q = globalThis.__segwaPool;
  globalThis.__segwaPrisma = undefined;
  globalThis.__segwaPool = undefined;
  await Promise.allSettled([p?.$disconnect(), q?.end()]);
}

/** Run fn inside one transaction on one pooled connection. */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
