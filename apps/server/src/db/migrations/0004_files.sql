CREATE TABLE "files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_account_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"storage_key" text NOT NULL,
	"type" text NOT NULL,
	"size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"sha256" text NOT NULL,
	"display_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"used_by" text,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD COLUMN "authority_id" text;--> statement-breakpoint
CREATE INDEX "files_owner_idx" ON "files" USING btree ("owner_account_id","created_at");--> statement-breakpoint
CREATE INDEX "review_items_attachments_idx" ON "review_items" USING gin ("attachments" jsonb_path_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "identity_verifications_manual_pending_uq" ON "identity_verifications" USING btree ("account_id") WHERE method = 'manual' and status = 'pending';