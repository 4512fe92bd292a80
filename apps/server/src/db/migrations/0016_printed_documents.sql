CREATE TABLE "printed_documents" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"title" text NOT NULL,
	"holder_masked" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "printed_documents_account_idx" ON "printed_documents" USING btree ("account_id","issued_at");