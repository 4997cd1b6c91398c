// The one shop-format reader (app/shops/format.server.ts): what every report, statement and send formats with.
import { describe, expect, it } from "vitest";
import { pool, withTransaction } from "../../app/db.server";
import { currencySymbol, readShopFormat } from "../../app/shops/format.server";
import { createTestShop } from "../setup/shops";

describe("readShopFormat", () => {
  it("currency with its exponent and symbol, time zone, name and country", async () => {
    const shop = await createTestShop({ currency: "JPY", ianaTimezone: "Asia/Tokyo" });
    await pool().query(`UPDATE shops SET country_code = 'JP' WHERE id = $1`, [shop.id]);
    expect(await readShopFormat(shop.id)).toEqual({
      currency: "JPY",
      currencyExponent: 0,
      currencySymbol: "¥",
      timeZone: "Asia/Tokyo",
      name: shop.domain,
      countryCode: "JP",
    });
  });

  it("reads inside the caller's transaction (a change not yet committed is seen)", async () => {
    const shop = await createTestShop({ currency: "GBP", ianaTimezone: "Europe/London" });
    const seen = await withTransaction(async (db) => {
      await db.query(`UPDATE shops SET iana_timezone = 'Europe/Dublin' WHERE id = $1`, [shop.id]);
      return readShopFormat(shop.id, db);
    });
    expect(seen).toMatchObject({ timeZone: "Europe/Dublin", currencySymbol: "£", currencyExponent: 2 });
  });

  it("a shop that does not exist is an error, not a default format", async () => {
    await expect(readShopFormat(2_000_000_000)).rejects.toThrow("shop 2000000000 not found");
  });

  it("a code without a symbol shows the code; a malformed one the code and a space", () => {
    expect(currencySymbol("XQZ")).toBe("XQZ");
    expect(currencySymbol("X1")).toBe("X1 ");
    expect(currencySymbol("USD")).toBe("$");
  });
});
