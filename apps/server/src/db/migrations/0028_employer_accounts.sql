CREATE TABLE "employer_ce_filings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"employer_id" uuid NOT NULL,
	"form" text NOT NULL,
	"year" integer NOT NULL,
	"data" jsonb NOT NULL,
	"account_ids" jsonb NOT NULL,
	"claimed_tenths" integer NOT NULL,
	"computed_tenths" integer NOT NULL,
	"status" text NOT NULL,
	"duplicate_key" text NOT NULL,
	"proof_file_id" uuid NOT NULL,
	"review_item_id" uuid,
	"authority_id" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "employer_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"employer_id" uuid NOT NULL,
	"standard_id" uuid NOT NULL,
	"clause" text NOT NULL,
	"content" text NOT NULL,
	"attachment_file_id" uuid,
	"status" text NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_by_name" text,
	"answered_at" timestamp with time zone,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employer_staff_decisions" (
	"employer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"work_record_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "employer_staff_decisions_employer_id_account_id_pk" PRIMARY KEY("employer_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "employers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"uscc" text NOT NULL,
	"unit_name" text NOT NULL,
	"agent_name" text NOT NULL,
	"agent_mobile" text NOT NULL,
	"agent_mobile_index" text NOT NULL,
	"password_hash" text NOT NULL,
	"status" text NOT NULL,
	"opinion" text,
	"address" jsonb,
	"authority_id" text,
	"license_file_id" uuid,
	"review_item_id" uuid,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_records" ADD COLUMN "uscc" text;--> statement-breakpoint
CREATE UNIQUE INDEX "employer_ce_filings_duplicate_uq" ON "employer_ce_filings" USING btree ("employer_id","duplicate_key") WHERE "employer_ce_filings"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "employer_ce_filings_employer_idx" ON "employer_ce_filings" USING btree ("employer_id","submitted_at");--> statement-breakpoint
CREATE INDEX "employer_feedback_employer_idx" ON "employer_feedback" USING btree ("employer_id","submitted_at");--> statement-breakpoint
CREATE INDEX "employer_feedback_status_idx" ON "employer_feedback" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "employer_staff_decisions_account_idx" ON "employer_staff_decisions" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employers_uscc_uq" ON "employers" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "employers_review_item_idx" ON "employers" USING btree ("review_item_id");--> statement-breakpoint
CREATE INDEX "employers_agent_mobile_idx" ON "employers" USING btree ("agent_mobile_index");--> statement-breakpoint
CREATE INDEX "work_records_uscc_idx" ON "work_records" USING btree ("uscc");