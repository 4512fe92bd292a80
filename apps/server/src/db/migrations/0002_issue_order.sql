ALTER TABLE "captchas" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_sms_outbox" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_codes" ADD COLUMN "seq" bigserial NOT NULL;