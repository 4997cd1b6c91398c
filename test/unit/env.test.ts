import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, getEnv, redactUrl, resetEnvForTests } from "../../app/env.server";
import { applyTestEnv } from "../setup/test-env";

afterEach(() => {
  applyTestEnv();
  resetEnvForTests();
});

describe("configuration", () => {
  it("says in one line which variable is missing and what to set", () => {
    delete process.env.DATABASE_URL;
    resetEnvForTests();
    expect(() => getEnv()).toThrow(ConfigError);
    try {
      getEnv();
    } catch (err) {
      expect((err as Error).message).toMatch(/^DATABASE_URL is not set/);
      expect((err as Error).message).not.toContain("\n");
    }
  });

  it("rejects a malformed REDIS_URL and defaults a missing one", () => {
    process.env.REDIS_URL = "localhost:6379";
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/REDIS_URL/);
    delete process.env.REDIS_URL;
    resetEnvForTests();
    expect(getEnv().REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("refuses demo mode in production", () => {
    process.env.DEMO_MODE = "1";
    process.env.NODE_ENV = "production";
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/DEMO_MODE=1 refuses to run unless NODE_ENV is development or test/);
    // Not only production: any NODE_ENV that is not explicitly development or test (unset included).
    Reflect.deleteProperty(process.env, "NODE_ENV");
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/DEMO_MODE=1 refuses to run unless NODE_ENV is development or test/);
  });

  it("never prints a password", () => {
    expect(redactUrl("postgresql://app:s3cret@db:5432/x")).toBe("postgresql://app:***@db:5432/x");
  });
});
