CREATE TABLE "standard_studies" (
	"account_id" uuid NOT NULL,
	"standard_id" uuid NOT NULL,
	"studied_at" timestamp with time zone NOT NULL,
	CONSTRAINT "standard_studies_account_id_standard_id_pk" PRIMARY KEY("account_id","standard_id")
);
--> statement-breakpoint
CREATE TABLE "standards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"doc_number" text NOT NULL,
	"issued_on" text NOT NULL,
	"category" text NOT NULL,
	"body" text NOT NULL,
	"pdf_storage_key" text,
	"pdf_name" text,
	"pdf_size" integer,
	"published" boolean NOT NULL,
	"published_at" timestamp with time zone,
	"search_vector" "tsvector" NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reward_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"occurred_on" text NOT NULL,
	"doc_number" text NOT NULL,
	"issuer" text NOT NULL,
	"proof_file_id" uuid NOT NULL,
	"status" text NOT NULL,
	"review_item_id" uuid,
	"authority_id" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reward_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"occurred_on" text NOT NULL,
	"doc_number" text NOT NULL,
	"issuer" text NOT NULL,
	"source" text NOT NULL,
	"application_id" uuid,
	"authority_id" text NOT NULL,
	"authority_path" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "talent_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"intro" text NOT NULL,
	"notices" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "standard_studies_standard_idx" ON "standard_studies" USING btree ("standard_id");--> statement-breakpoint
CREATE INDEX "standards_search_idx" ON "standards" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "standards_published_idx" ON "standards" USING btree ("published","category","issued_on");--> statement-breakpoint
CREATE UNIQUE INDEX "reward_applications_document_uq" ON "reward_applications" USING btree ("account_id","doc_number") WHERE "reward_applications"."status" in ('pending', 'approved');--> statement-breakpoint
CREATE INDEX "reward_applications_account_idx" ON "reward_applications" USING btree ("account_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reward_records_application_uq" ON "reward_records" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reward_records_document_uq" ON "reward_records" USING btree ("account_id","kind","doc_number") WHERE "reward_records"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "reward_records_account_idx" ON "reward_records" USING btree ("account_id","occurred_on");--> statement-breakpoint
CREATE INDEX "reward_records_path_idx" ON "reward_records" USING btree ("authority_path");