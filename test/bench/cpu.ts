// CPU seconds used by processes of the system under test, read from /proc (Linux), for benchmarks that report where
// a machine's cores went (the bench process itself, the app's processes, PostgreSQL, Redis).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** utime + stime of these processes, in seconds (a process that exited counts 0). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      /* exited */
    }
  }
  return ticks / 100;
}

/** Every running process with this exact name (e.g. "postgres": the server and all its backends). */
export function pidsNamed(name: string): number[] {
  try {
    return execFileSync("pgrep", ["-x", name], { encoding: "utf8" }).trim().split("\n").map(Number).filter(Boolean);
  } catch {
    return [];
  }
}

/** CPU seconds this process has used. */
export function ownCpuSeconds(since?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}
