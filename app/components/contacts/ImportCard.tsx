// The consent CSV import: how customers agreed (stored as proof), the country of national numbers, the file; then
// the import's figures and the rows it could not use.
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  DropZone,
  FormLayout,
  Link,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ConsentImportSummary } from "../../consent/csv-import.server";
import type { UploadResult } from "../../consent/import-upload.server";
import { useToast } from "../useToast";

export function ImportCard({ countryCode }: { countryCode: string | null }) {
  const fetcher = useFetcher<UploadResult>();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [wording, setWording] = useState("");
  const [country, setCountry] = useState(countryCode ?? "");
  const result = fetcher.data;
  const summary: ConsentImportSummary | null = result && result.ok && "summary" in result ? result.summary : null;
  useEffect(() => {
    if (summary) toast(`Import finished: ${summary.rowsTotal.toLocaleString("en")} rows`);
  }, [summary, toast]);
  const submit = () => {
    if (!file) return;
    const data = new FormData();
    // Text fields first: the server streams the file and needs them before it arrives.
    data.append("wording", wording);
    data.append("country", country);
    data.append("file", file);
    fetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Import consent from a CSV
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Columns: phone (required), consent (yes/no, opted_in/opted_out; default yes), country (for numbers without
          +country code), consented_at (date), customer_id. Opt-outs are applied; an opt-in never overrides an earlier
          opt-out.
        </Text>
        <FormLayout>
          <TextField
            label="How did these customers agree to WhatsApp marketing?"
            value={wording}
            onChange={setWording}
            multiline={2}
            autoComplete="off"
            helpText="Stored with every imported opt-in as proof of consent, e.g. “Ticked ‘Send me offers on WhatsApp’ at the in-store sign-up, 2026”."
          />
          <TextField
            label="Country of numbers without a country code"
            value={country}
            onChange={(v) => setCountry(v.toUpperCase().slice(0, 2))}
            autoComplete="off"
            helpText="Two-letter code, e.g. GB"
          />
          <DropZone
            accept=".csv,text/csv"
            type="file"
            allowMultiple={false}
            onDrop={(files) => setFile(files[0] ?? null)}
            label="CSV file"
          >
            {file ? (
              <div style={{ padding: 16 }}>
                <Text as="p">{`${file.name} · ${(file.size / 1024).toFixed(1)} KB`}</Text>
              </div>
            ) : (
              <DropZone.FileUpload actionHint="Accepts .csv" />
            )}
          </DropZone>
          <Button
            variant="primary"
            onClick={submit}
            disabled={!file || wording.trim().length < 10}
            loading={fetcher.state !== "idle"}
          >
            Import
          </Button>
        </FormLayout>
        {result && !result.ok ? <Banner tone="critical">{result.error}</Banner> : null}
        {summary ? <ImportSummary summary={summary} /> : null}
      </BlockStack>
    </Card>
  );
}

function ImportSummary({ summary }: { summary: ConsentImportSummary }) {
  return (
    <BlockStack gap="200">
      <Banner
        tone={summary.status === "failed" ? "critical" : summary.rowsRejected ? "warning" : "success"}
        title={summary.status === "failed" ? "Import stopped" : "Import finished"}
      >
        {summary.error ? <p>{summary.error}</p> : null}
        <p data-testid="import-summary">
          {`${summary.rowsTotal.toLocaleString("en")} rows: ${summary.optedIn} opted in, ${summary.optedOut} opted out, ${summary.unchanged} unchanged, ${summary.keptOptedOut} kept opted out, ${summary.rowsRejected} rejected.`}
        </p>
      </Banner>
      {summary.errors.length ? (
        <>
          <DataTable
            columnContentTypes={["numeric", "text", "text"]}
            headings={["Line", "Phone", "Problem"]}
            rows={summary.errors.slice(0, 50).map((e) => [e.row, e.phone, e.error])}
          />
          <Link url={`/app/contacts/imports/${summary.id}/rejected.csv`} target="_blank">
            {`Download all ${summary.rowsRejected} rejected rows (CSV)`}
          </Link>
        </>
      ) : null}
    </BlockStack>
  );
}
