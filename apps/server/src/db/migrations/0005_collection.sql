CREATE TABLE "collection_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"id_type" text NOT NULL,
	"id_number" text NOT NULL,
	"part" text NOT NULL,
	"data" jsonb NOT NULL,
	"source_key" text NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"taken_by" uuid,
	"taken_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "collection_profiles" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"scope" text,
	"basic" jsonb,
	"authority_id" text,
	"qualification" jsonb,
	"review_status" text DEFAULT 'draft' NOT NULL,
	"review_opinion" text,
	"review_item_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "education_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"source" text NOT NULL,
	"locked_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data" jsonb NOT NULL,
	"degree_check" text DEFAULT 'unchecked' NOT NULL,
	"review_status" text DEFAULT 'draft' NOT NULL,
	"review_opinion" text,
	"review_item_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"source" text NOT NULL,
	"locked_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data" jsonb NOT NULL,
	"review_status" text DEFAULT 'draft' NOT NULL,
	"review_opinion" text,
	"review_item_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "collection_imports_person_idx" ON "collection_imports" USING btree ("id_type","id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_imports_source_uq" ON "collection_imports" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "collection_profiles_review_item_idx" ON "collection_profiles" USING btree ("review_item_id");--> statement-breakpoint
CREATE INDEX "education_records_account_idx" ON "education_records" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "education_records_review_item_idx" ON "education_records" USING btree ("review_item_id");--> statement-breakpoint
CREATE INDEX "work_records_account_idx" ON "work_records" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "work_records_review_item_idx" ON "work_records" USING btree ("review_item_id");