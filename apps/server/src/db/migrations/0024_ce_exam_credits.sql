ALTER TABLE "ce_credits" ADD COLUMN "source_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "ce_credits_source_uq" ON "ce_credits" USING btree ("source_key");