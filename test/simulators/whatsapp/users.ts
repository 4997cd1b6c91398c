// WhatsApp users as Meta names them in webhooks since 2026-03-31 (docs/whatsapp-platform.md, "Business-scoped
// user ids"): every user has a business-scoped user id (BSUID) per business portfolio — here per WABA — and a user
// who adopted a username and whose phone Meta may not share is named by the BSUID alone (`wa_id`, `from`,
// `recipient_id` left out). `user_id` is in every messages webhook whether or not the user has a username.
import { createHash } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js";

export interface SimUser {
  waId: string;
  bsuid: string;
  username?: string;
  /** Meta shares no phone for this user (username adopted, no recent exchange with the business) */
  phoneHidden: boolean;
}

export class SimUsers {
  private readonly hidden = new Map<string, string | undefined>(); // waId -> username

  /** "US.13491208655302741918": the ISO country of the phone, a period, 20 digits stable per (WABA, user). */
  bsuid(wabaId: string, waId: string): string {
    // the number's country; for test numbers in a reserved range, the first country of its calling code
    const parsed = parsePhoneNumberFromString(`+${waId}`);
    const country = parsed?.country ?? parsed?.getPossibleCountries()[0] ?? "US";
    const hash = createHash("sha256").update(`${wabaId}:${waId}`).digest();
    return `${country}.${(hash.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, "1")}`;
  }

  user(wabaId: string, waId: string): SimUser {
    const phoneHidden = this.hidden.has(waId);
    const username = this.hidden.get(waId);
    return { waId, bsuid: this.bsuid(wabaId, waId), phoneHidden, ...(username ? { username } : {}) };
  }

  /** The user adopts a username and Meta stops sharing their phone (null: shares it again). */
  setPhoneHidden(waId: string, username: string | null) {
    if (username === null) this.hidden.delete(waId);
    else this.hidden.set(waId, username);
  }

  /** The waId behind a BSUID of this WABA, if we know the user. */
  waIdOf(wabaId: string, bsuid: string, known: Iterable<string>): string | null {
    for (const waId of known) if (this.bsuid(wabaId, waId) === bsuid) return waId;
    return null;
  }
}

/** The `contacts[]` entry of a messages / user_preferences webhook. */
export function contactEntry(u: SimUser, withName = true): Record<string, unknown> {
  return {
    profile: {
      ...(withName ? { name: `Customer ${u.waId.slice(-4)}` } : {}),
      ...(u.username ? { username: u.username } : {}),
    },
    ...(u.phoneHidden ? {} : { wa_id: u.waId }),
    user_id: u.bsuid,
  };
}

/** The sender fields of an inbound message. */
export function senderFields(u: SimUser): Record<string, unknown> {
  return { ...(u.phoneHidden ? {} : { from: u.waId }), from_user_id: u.bsuid };
}
