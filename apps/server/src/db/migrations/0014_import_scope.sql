ALTER TABLE "collection_imports" ADD COLUMN "authority_id" text;--> statement-breakpoint
ALTER TABLE "collection_imports" ADD COLUMN "authority_path" text;