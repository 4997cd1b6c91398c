// The offline-session cache in front of PrismaSessionStorage: loads are served from memory for a short time, and
// anything this process stores or deletes is never served stale.
import { describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-app-remix/server";
import { CachedSessionStorage } from "../../app/shopify/session-cache.server";

class CountingStorage {
  readonly rows = new Map<string, Session>();
  loads = 0;
  async storeSession(s: Session) {
    this.rows.set(s.id, s);
    return true;
  }
  async loadSession(id: string) {
    this.loads++;
    return this.rows.get(id);
  }
  async deleteSession(id: string) {
    return this.rows.delete(id);
  }
  async deleteSessions(ids: string[]) {
    for (const id of ids) this.rows.delete(id);
    return true;
  }
  async findSessionsByShop(shop: string) {
    return [...this.rows.values()].filter((s) => s.shop === shop);
  }
}

const session = (token: string) =>
  new Session({
    id: "offline_a.myshopify.com",
    shop: "a.myshopify.com",
    state: "",
    isOnline: false,
    accessToken: token,
    scope: "read_orders",
  });

describe("CachedSessionStorage", () => {
  it("serves repeated loads from memory, as copies", async () => {
    const inner = new CountingStorage();
    const cache = new CachedSessionStorage(inner, 60_000);
    await inner.storeSession(session("t1"));
    const first = await cache.loadSession("offline_a.myshopify.com");
    const second = await cache.loadSession("offline_a.myshopify.com");
    expect(inner.loads).toBe(1);
    expect(second?.accessToken).toBe("t1");
    second!.accessToken = "mutated";
    expect((await cache.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
    expect(first).not.toBe(second);
  });

  it("a session stored or deleted here is never served stale", async () => {
    const inner = new CountingStorage();
    const cache = new CachedSessionStorage(inner, 60_000);
    expect(await cache.loadSession("offline_a.myshopify.com")).toBeUndefined(); // a miss is cached too…
    await cache.storeSession(session("t2")); // …until this process stores the session (install)
    expect((await cache.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t2");
    await cache.storeSession(session("t3")); // token refreshed
    expect((await cache.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t3");
    await cache.deleteSessions(["offline_a.myshopify.com"]); // uninstall
    expect(await cache.loadSession("offline_a.myshopify.com")).toBeUndefined();
  });

  it("reloads after the time to live, so another process's changes are seen", async () => {
    const inner = new CountingStorage();
    const cache = new CachedSessionStorage(inner, 20);
    await inner.storeSession(session("t1"));
    await cache.loadSession("offline_a.myshopify.com");
    await inner.storeSession(session("t9")); // written by another process
    await new Promise((r) => setTimeout(r, 30));
    expect((await cache.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t9");
    expect(inner.loads).toBe(2);
  });
});
