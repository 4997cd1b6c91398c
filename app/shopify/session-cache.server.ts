// Session storage with a short in-process cache of loaded sessions. Every webhook delivery makes the library load
// the shop's offline session (authenticate.webhook), and at 200 deliveries a second a database round trip plus
// Prisma's query compilation per delivery is most of the intake's cost. A stored or deleted session drops its
// cache entry in this process; a change made by another process (the worker deleting sessions on uninstall) is
// seen within TTL_MS, and a token that stopped working meanwhile fails like any revoked token (re-auth).
import { Session } from "@shopify/shopify-app-remix/server";
import type { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

/** The library's SessionStorage interface (as PrismaSessionStorage implements it). */
type SessionStorage = Pick<
  PrismaSessionStorage<never>,
  "storeSession" | "loadSession" | "deleteSession" | "deleteSessions" | "findSessionsByShop"
>;

const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export class CachedSessionStorage implements SessionStorage {
  private readonly cache = new Map<string, { session: Session | undefined; until: number }>();

  constructor(
    private readonly inner: SessionStorage,
    private readonly ttlMs = TTL_MS,
  ) {}

  async loadSession(id: string): Promise<Session | undefined> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.session && new Session(hit.session.toObject());
    const session = await this.inner.loadSession(id);
    // A miss is cached too (a shop whose webhooks still arrive after uninstall has none); storing the session in
    // this process (install, token exchange) replaces the entry at once.
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(id, { session: session && new Session(session.toObject()), until: Date.now() + this.ttlMs });
    return session;
  }

  async storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    return this.inner.storeSession(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.cache.delete(id);
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
