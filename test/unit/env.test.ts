import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, getEnv, loggerEnv, redactUrl, resetEnvForTests } from "../../app/env.server";
import { applyTestEnv } from "../setup/test-env";

const ADDED = ["PORT", "HOST", "WORKER_HEALTH_PORT", "INBOX_BATCH_WINDOW_MS", "LOG_LEVEL"];
const saved = Object.fromEntries(ADDED.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of ADDED) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
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
    Reflect.deleteProperty(process.env, "NODE_ENV"); // typed as required by @types/node; unset is what we test
    resetEnvForTests();
    expect(() => getEnv()).toThrow(/DEMO_MODE=1 refuses to run unless NODE_ENV is development or test/);
  });

  it("ports, host, batch window and log level: defaults, numbers from strings, readable refusals", () => {
    for (const name of ADDED) delete process.env[name];
    resetEnvForTests();
    expect(getEnv()).toMatchObject({
      PORT: 3000,
      HOST: "localhost",
      WORKER_HEALTH_PORT: 3001,
      INBOX_BATCH_WINDOW_MS: 100,
      LOG_LEVEL: "info",
    });
    Object.assign(process.env, {
      PORT: "4210",
      WORKER_HEALTH_PORT: "4211",
      INBOX_BATCH_WINDOW_MS: "0",
      HOST: "0.0.0.0",
    });
    resetEnvForTests();
    expect(getEnv()).toMatchObject({ PORT: 4210, WORKER_HEALTH_PORT: 4211, INBOX_BATCH_WINDOW_MS: 0, HOST: "0.0.0.0" });
    for (const [name, value] of [
      ["PORT", "http"],
      ["PORT", "70000"],
      ["WORKER_HEALTH_PORT", "3001.5"],
      ["INBOX_BATCH_WINDOW_MS", "-1"],
      ["LOG_LEVEL", "verbose"],
    ] as const) {
      for (const other of ADDED) delete process.env[other];
      process.env[name] = value;
      resetEnvForTests();
      expect(() => getEnv(), `${name}=${value}`).toThrow(new RegExp(`^${name}: `));
    }
  });

  it("the logger's level is read through the schema even when the rest of the configuration is invalid", () => {
    delete process.env.DATABASE_URL;
    process.env.LOG_LEVEL = "debug";
    expect(loggerEnv()).toEqual({ LOG_LEVEL: "debug", NODE_ENV: "test" });
    process.env.LOG_LEVEL = "verbose"; // getEnv() refuses it at start; the logger keeps going at info meanwhile
    expect(loggerEnv().LOG_LEVEL).toBe("info");
    delete process.env.LOG_LEVEL;
    expect(loggerEnv().LOG_LEVEL).toBe("info");
  });

  it("never prints a password", () => {
    expect(redactUrl("postgresql://app:s3cret@db:5432/x")).toBe("postgresql://app:***@db:5432/x");
  });
});
