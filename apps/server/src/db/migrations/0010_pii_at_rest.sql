CREATE TABLE "data_migrations" (
	"name" text PRIMARY KEY NOT NULL,
	"completed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "sms_codes_mobile_idx";--> statement-breakpoint
DROP INDEX "accounts_id_doc_uq";--> statement-breakpoint
DROP INDEX "accounts_mobile_uq";--> statement-breakpoint
DROP INDEX "accounts_id_number_idx";--> statement-breakpoint
DROP INDEX "collection_imports_person_idx";--> statement-breakpoint
ALTER TABLE "security_events" ADD COLUMN "identifier_index" text;--> statement-breakpoint
-- SMS codes live 3 minutes and held the mobile in plain text: they go rather than wait for a blind index
-- (anyone mid-registration asks for a new code). Hand-added before the generated NOT NULL column.
DELETE FROM "sms_codes";--> statement-breakpoint
ALTER TABLE "sms_codes" ADD COLUMN "mobile_index" text NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "id_number_index" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "mobile_index" text;--> statement-breakpoint
ALTER TABLE "collection_imports" ADD COLUMN "id_number_index" text;--> statement-breakpoint
CREATE INDEX "security_events_identifier_idx" ON "security_events" USING btree ("identifier_index","at");--> statement-breakpoint
CREATE INDEX "sms_codes_mobile_idx" ON "sms_codes" USING btree ("mobile_index","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_id_doc_uq" ON "accounts" USING btree ("id_type","id_number_index");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_mobile_uq" ON "accounts" USING btree ("mobile_index");--> statement-breakpoint
CREATE INDEX "accounts_id_number_idx" ON "accounts" USING btree ("id_number_index");--> statement-breakpoint
CREATE INDEX "collection_imports_person_idx" ON "collection_imports" USING btree ("id_type","id_number_index");--> statement-breakpoint
ALTER TABLE "sms_codes" DROP COLUMN "mobile";