CREATE TABLE "transfer_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"data" jsonb NOT NULL,
	"from_authority_id" text NOT NULL,
	"from_authority_path" text NOT NULL,
	"to_authority_id" text NOT NULL,
	"to_authority_path" text NOT NULL,
	"proof_file_id" uuid NOT NULL,
	"out_review_item_id" uuid,
	"in_review_item_id" uuid,
	"work_record_id" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"out_decided_at" timestamp with time zone,
	"in_decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_requests_open_uq" ON "transfer_requests" USING btree ("account_id") WHERE "transfer_requests"."status" in ('out_pending', 'in_pending');--> statement-breakpoint
CREATE INDEX "transfer_requests_account_idx" ON "transfer_requests" USING btree ("account_id","submitted_at");--> statement-breakpoint
CREATE INDEX "transfer_requests_from_path_idx" ON "transfer_requests" USING btree ("from_authority_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "transfer_requests_to_path_idx" ON "transfer_requests" USING btree ("to_authority_path" text_pattern_ops);