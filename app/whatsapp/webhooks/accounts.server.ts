// The connected WhatsApp accounts a change is for: by phone number id (messages, statuses) or by WABA (templates,
// account updates). Changes for numbers or WABAs no shop has connected are skipped by the caller.
import { pool } from "../../db.server";

export interface AccountRef {
  shopId: number;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string | null;
}

export async function accountByPhone(phoneNumberId: string): Promise<AccountRef | null> {
  const { rows } = await pool().query<{
    shop_id: number;
    phone_number_id: string;
    waba_id: string;
    display_phone_number: string | null;
  }>(
    `SELECT shop_id, phone_number_id, waba_id, display_phone_number FROM whatsapp_accounts WHERE phone_number_id = $1`,
    [phoneNumberId],
  );
  const r = rows[0];
  return r
    ? {
        shopId: r.shop_id,
        phoneNumberId: r.phone_number_id,
        wabaId: r.waba_id,
        displayPhoneNumber: r.display_phone_number,
      }
    : null;
}

export async function accountsByWaba(wabaId: string): Promise<AccountRef[]> {
  const { rows } = await pool().query<{
    shop_id: number;
    phone_number_id: string;
    waba_id: string;
    display_phone_number: string | null;
  }>(`SELECT shop_id, phone_number_id, waba_id, display_phone_number FROM whatsapp_accounts WHERE waba_id = $1`, [
    wabaId,
  ]);
  return rows.map((r) => ({
    shopId: r.shop_id,
    phoneNumberId: r.phone_number_id,
    wabaId: r.waba_id,
    displayPhoneNumber: r.display_phone_number,
  }));
}

export function unixToDate(ts: string | number | undefined | null): Date {
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
}
