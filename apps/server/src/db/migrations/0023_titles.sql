CREATE TABLE "accounting_titles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"level" text,
	"qualification_method" text,
	"pass_date" text,
	"qualification_certificate_no" text,
	"rank" text NOT NULL,
	"title_method" text NOT NULL,
	"title_certificate_no" text NOT NULL,
	"title_certificate_index" text NOT NULL,
	"proof_file_id" uuid,
	"authority_id" text,
	"review_item_id" uuid,
	"opinion" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "other_qualifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"type" text NOT NULL,
	"level" text,
	"obtained_at" text NOT NULL,
	"certificate_no" text NOT NULL,
	"certificate_index" text NOT NULL,
	"proof_file_id" uuid,
	"authority_id" text NOT NULL,
	"review_item_id" uuid,
	"opinion" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"exam_year" integer NOT NULL,
	"level" text NOT NULL,
	"subject" text NOT NULL,
	"id_number" text NOT NULL,
	"id_number_index" text NOT NULL,
	"score" integer NOT NULL,
	"pass_line" integer NOT NULL,
	"import_id" uuid NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "accounting_titles_certificate_uq" ON "accounting_titles" USING btree ("account_id","title_certificate_index");--> statement-breakpoint
CREATE INDEX "accounting_titles_review_item_idx" ON "accounting_titles" USING btree ("review_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "other_qualifications_certificate_uq" ON "other_qualifications" USING btree ("account_id","type","certificate_index");--> statement-breakpoint
CREATE INDEX "other_qualifications_review_item_idx" ON "other_qualifications" USING btree ("review_item_id");--> statement-breakpoint
CREATE INDEX "other_qualifications_approved_idx" ON "other_qualifications" USING btree ("account_id") WHERE "other_qualifications"."status" = 'approved';--> statement-breakpoint
CREATE UNIQUE INDEX "score_results_subject_uq" ON "score_results" USING btree ("exam_year","level","subject","id_number_index");--> statement-breakpoint
CREATE INDEX "score_results_person_idx" ON "score_results" USING btree ("id_number_index");