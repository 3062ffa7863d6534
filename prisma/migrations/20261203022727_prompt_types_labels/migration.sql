-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN "generationConfig" JSONB;

-- AlterTable
ALTER TABLE "PromptVersion" ADD COLUMN "config" JSONB;
ALTER TABLE "PromptVersion" ADD COLUMN "messages" JSONB;

-- CreateTable
CREATE TABLE "PromptLabelProtection" (
    "promptId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL,

    PRIMARY KEY ("promptId", "label"),
    CONSTRAINT "PromptLabelProtection_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "PromptTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PromptLabelMove" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "promptId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "fromVersion" INTEGER,
    "toVersion" INTEGER,
    "by" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "PromptLabelMove_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "PromptTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PromptTemplate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL DEFAULT 'TEXT',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_PromptTemplate" ("createdAt", "description", "id", "name", "updatedAt") SELECT "createdAt", "description", "id", "name", "updatedAt" FROM "PromptTemplate";
DROP TABLE "PromptTemplate";
ALTER TABLE "new_PromptTemplate" RENAME TO "PromptTemplate";
CREATE UNIQUE INDEX "PromptTemplate_name_key" ON "PromptTemplate"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PromptLabelMove_promptId_label_id_idx" ON "PromptLabelMove"("promptId", "label", "id");

-- CreateIndex
CREATE INDEX "PromptLabelMove_promptId_id_idx" ON "PromptLabelMove"("promptId", "id");
