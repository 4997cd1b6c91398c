// Side effects whose failure must not stop a batch (a Redis pacing key, a contact flag) are still reported:
// one line naming what failed, never the phone number or token. One place to swap in the structured logger.
export function logFailure(what: string): (err: unknown) => void {
  return (err) => {
    console.warn(`dispatch: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  };
}
