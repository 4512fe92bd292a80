CREATE TABLE "ce_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"form" text NOT NULL,
	"category" text NOT NULL,
	"year" integer NOT NULL,
	"data" jsonb NOT NULL,
	"claimed_tenths" integer NOT NULL,
	"computed_tenths" integer NOT NULL,
	"granted_tenths" integer,
	"correction" text,
	"status" text NOT NULL,
	"duplicate_key" text NOT NULL,
	"proof_file_id" uuid NOT NULL,
	"review_item_id" uuid,
	"authority_id" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ce_credits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"professional_tenths" integer NOT NULL,
	"public_tenths" integer NOT NULL,
	"method" text NOT NULL,
	"reason" text NOT NULL,
	"application_id" uuid,
	"granted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ce_year_settings" (
	"province_id" text NOT NULL,
	"year" integer NOT NULL,
	"required_total" integer NOT NULL,
	"professional_min" integer NOT NULL,
	"minutes_per_credit" integer NOT NULL,
	"closes_on" text NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ce_year_settings_province_id_year_pk" PRIMARY KEY("province_id","year")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ce_applications_duplicate_uq" ON "ce_applications" USING btree ("account_id","duplicate_key") WHERE "ce_applications"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "ce_applications_account_idx" ON "ce_applications" USING btree ("account_id","submitted_at");--> statement-breakpoint
CREATE INDEX "ce_applications_review_item_idx" ON "ce_applications" USING btree ("review_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ce_credits_application_uq" ON "ce_credits" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "ce_credits_account_year_idx" ON "ce_credits" USING btree ("account_id","year","granted_at");