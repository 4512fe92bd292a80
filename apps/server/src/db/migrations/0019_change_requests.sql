CREATE TABLE "change_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"part" text NOT NULL,
	"method" text NOT NULL,
	"record_id" uuid,
	"status" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"data" jsonb,
	"review_item_id" uuid,
	"authority_id" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "change_requests_open_part_uq" ON "change_requests" USING btree ("account_id","part") WHERE "change_requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX "change_requests_account_idx" ON "change_requests" USING btree ("account_id","submitted_at");--> statement-breakpoint
CREATE INDEX "change_requests_review_item_idx" ON "change_requests" USING btree ("review_item_id");