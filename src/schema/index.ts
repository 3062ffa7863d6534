// Imports every domain's types, then prints the one schema.
import { builder } from './builder.ts';
import './server.ts';
import './files.ts';
import './file-batch.ts';
import './file-events.ts';
import './prompts.ts';
import './prompt-labels.ts';
import './prompt-folders.ts';
import './chat.ts';
import './agents.ts';
import './settings.ts';
import './logs.ts';
import './metrics.ts';
import './tokens.ts';

export const schema = builder.toSchema();
