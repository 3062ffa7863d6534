-- AlterTable
ALTER TABLE "PromptTemplate" ADD COLUMN     "type" TEXT NOT NULL DEFAULT 'TEXT';

-- AlterTable
ALTER TABLE "PromptVersion" ADD COLUMN     "config" JSONB,
ADD COLUMN     "messages" JSONB;

-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "generationConfig" JSONB;

-- CreateTable
CREATE TABLE "PromptLabelProtection" (
    "promptId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "PromptLabelProtection_pkey" PRIMARY KEY ("promptId","label")
);

-- CreateTable
CREATE TABLE "PromptLabelMove" (
    "id" SERIAL NOT NULL,
    "promptId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "fromVersion" INTEGER,
    "toVersion" INTEGER,
    "by" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "PromptLabelMove_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PromptLabelMove_promptId_label_id_idx" ON "PromptLabelMove"("promptId", "label", "id");

-- CreateIndex
CREATE INDEX "PromptLabelMove_promptId_id_idx" ON "PromptLabelMove"("promptId", "id");

-- AddForeignKey
ALTER TABLE "PromptLabelProtection" ADD CONSTRAINT "PromptLabelProtection_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "PromptTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptLabelMove" ADD CONSTRAINT "PromptLabelMove_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "PromptTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;
