// CSV for COPY: rows encoded into reusable buffers as they arrive, then streamed into a staging table.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Table } from "./tables";

export type CsvValue = string | number | bigint | boolean | Date | null | undefined | readonly string[];

// PostgreSQL text cannot hold NUL; everything else is carried verbatim inside quotes.
function quote(text: string): string {
  return `"${text.replace(/\0/g, "").replace(/"/g, '""')}"`;
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number" || typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  const items = value.map((item) => `"${item.replace(/\0/g, "").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  return quote(`{${items.join(",")}}`);
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",");
}

/**
 * The rows of one COPY, encoded into a Buffer as they arrive. A batch then holds its rows as bytes outside the V8
 * heap, in buffers reused from batch to batch, instead of thousands of strings that live long enough to be promoted
 * to the old generation and die there (that garbage was most of an import's peak memory).
 */
const spareBuffers: Buffer[] = [];
const CHUNK_BYTES = 1 << 16;

export class CsvBuffer {
  private buf: Buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(1 << 20);
  private length = 0;
  rows = 0;

  push(values: readonly CsvValue[]) {
    this.pushLine(csvLine(values));
  }

  /** A row already encoded by csvLine. */
  pushLine(line: string) {
    const room = line.length * 3 + 1; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.length + room > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + room));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(line, this.length, "utf8");
    this.buf[this.length++] = 10; // \n
    this.rows += 1;
  }

  *chunks(): Generator<Buffer> {
    for (let at = 0; at < this.length; at += CHUNK_BYTES)
      yield this.buf.subarray(at, Math.min(at + CHUNK_BYTES, this.length));
  }

  /** Hand the buffer back for the next batch (only once COPY has read it). */
  release() {
    if (spareBuffers.length < 16 && this.buf.length <= 1 << 24) spareBuffers.push(this.buf);
    this.buf = Buffer.alloc(0);
    this.length = 0;
  }
}

export async function copyInto(client: pg.PoolClient, table: Table, csv: CsvBuffer) {
  try {
    if (csv.rows === 0) return;
    const columns = table.columns.map(([name]) => name).join(", ");
    const stream = client.query(copyFrom(`COPY ${table.stage} (${columns}) FROM STDIN WITH (FORMAT csv)`));
    // COPY's stream finishes once PostgreSQL has confirmed the data: the buffer is free again after this.
    await pipeline(Readable.from(csv.chunks(), { objectMode: false }), stream);
  } finally {
    csv.release();
  }
}
