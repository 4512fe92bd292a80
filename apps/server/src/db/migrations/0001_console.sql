CREATE TABLE "review_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"mode" text NOT NULL,
	"staff_id" uuid,
	"staff_name" text,
	"authority_id" text,
	"opinion" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"authority_id" text NOT NULL,
	"authority_path" text NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_id_masked" text NOT NULL,
	"title" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"opinion" text,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authorities" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"path" text NOT NULL,
	"exam_province" boolean DEFAULT false NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"authority_id" text NOT NULL,
	"username" text NOT NULL,
	"real_name" text NOT NULL,
	"mobile" text,
	"password_hash" text NOT NULL,
	"roles" jsonb NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"totp_secret" text,
	"totp_pending_secret" text,
	"totp_required" boolean DEFAULT false NOT NULL,
	"totp_last_step" integer,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "review_decisions_item_idx" ON "review_decisions" USING btree ("item_id","at");--> statement-breakpoint
CREATE INDEX "review_decisions_staff_idx" ON "review_decisions" USING btree ("staff_id","at");--> statement-breakpoint
CREATE INDEX "review_items_queue_idx" ON "review_items" USING btree ("kind","status","submitted_at");--> statement-breakpoint
CREATE INDEX "review_items_path_idx" ON "review_items" USING btree ("authority_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "review_items_account_idx" ON "review_items" USING btree ("account_id","submitted_at");--> statement-breakpoint
CREATE INDEX "authorities_parent_idx" ON "authorities" USING btree ("parent_id","sort");--> statement-breakpoint
CREATE INDEX "authorities_path_idx" ON "authorities" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "staff_username_uq" ON "staff" USING btree ("username");