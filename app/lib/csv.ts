// The one CSV writer for every export (campaign report CSVs, segment members, a consent import's rejected rows).
// A cell a spreadsheet would read as a formula — starting with = + - @, a tab or a carriage return (OWASP "CSV
// injection") — gets a leading apostrophe. Two kinds of cell pass as they are, because no spreadsheet evaluates
// them and a changed value would break re-import: a phone number in E.164 (`+` then digits only) and a plain
// number ("-12.50").

const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+\d{1,15}$/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The text of a cell after neutralising a formula (not yet quoted). */
export function neutralise(text: string): string {
  if (!FORMULA_START.test(text) || E164.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

/** One CSV field: neutralised, then quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number | bigint | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF, as RFC 4180 and spreadsheets expect). */
export function csvLine(values: ReadonlyArray<string | number | bigint | boolean | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * The same rule in SQL, for exports written by PostgreSQL's COPY: wrap every text column that can hold
 * someone else's words (names, reasons, error titles). `expr` is trusted SQL (a column name), never user input.
 */
export function sqlNeutralised(expr: string): string {
  return `(CASE WHEN (${expr}) ~ '^[=+\\-@\\t\\r]' AND (${expr}) !~ '^\\+[0-9]{1,15}$' AND (${expr}) !~ '^-?[0-9]+(\\.[0-9]+)?$' THEN '''' || (${expr}) ELSE (${expr}) END)`;
}
