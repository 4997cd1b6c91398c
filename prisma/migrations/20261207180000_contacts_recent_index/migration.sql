-- CreateIndex
CREATE INDEX "contacts_shop_id_updated_at_phone_e164_idx" ON "contacts"("shop_id", "updated_at", "phone_e164");
