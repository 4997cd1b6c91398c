// The Contacts page's CSV upload: a multipart form whose text fields (wording, country) come before the file,
// parsed as a stream so the file is never held in memory; the file part feeds the import directly.
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { importConsentCsv, type ConsentImportSummary } from "./csv-import.server";

export type UploadResult = { ok: true; summary: ConsentImportSummary } | { ok: false; error: string };

async function readText(data: AsyncIterable<Uint8Array>, max = 10_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of data) {
    size += c.length;
    if (size <= max) chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const _ of data) void _;
}

export async function handleConsentUpload(
  request: Request,
  shop: { id: number; countryCode: string | null },
): Promise<UploadResult> {
  const fields: Record<string, string> = {};
  let result: UploadResult = { ok: false, error: "Choose a CSV file to import." };
  try {
    await unstable_parseMultipartFormData(request, async (part) => {
      if (part.filename === undefined) {
        fields[part.name] = await readText(part.data);
        return undefined;
      }
      if (part.name !== "file") {
        await drain(part.data);
        return undefined;
      }
      const wording = (fields.wording ?? "").trim();
      if (wording.length < 10) {
        await drain(part.data);
        result = {
          ok: false,
          error: "Describe how these customers gave consent (at least 10 characters): it is stored with every opt-in.",
        };
        return undefined;
      }
      if (!/\.(csv|txt)$/i.test(part.filename) && !/csv|text\/plain|excel/.test(part.contentType)) {
        await drain(part.data);
        result = { ok: false, error: "The file must be a CSV." };
        return undefined;
      }
      const country = (fields.country ?? "").trim().toUpperCase();
      const summary = await importConsentCsv({
        shopId: shop.id,
        fileName: part.filename || "upload.csv",
        wording: wording.slice(0, 2000),
        defaultCountry: /^[A-Z]{2}$/.test(country) ? country : shop.countryCode,
        source: part.data,
      });
      result = { ok: true, summary };
      return undefined;
    });
  } catch (err) {
    if (err instanceof TypeError) return { ok: false, error: "The upload could not be read. Choose the file again." };
    throw err;
  }
  return result;
}
