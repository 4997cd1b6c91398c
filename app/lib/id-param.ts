// A numeric id from a route parameter (/app/campaigns/:id, …). Anything that is not a positive integer is a
// page that does not exist: 404, never a database error turned into a 5xx or a success message.

export function idParam(value: string | undefined, what = "Page"): number {
  const id = /^[1-9]\d{0,15}$/.test(value ?? "") ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new Response(`${what} not found`, { status: 404 });
  return id;
}
