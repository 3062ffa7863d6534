// Imports every domain's types, then prints the one schema.
import { builder } from './builder.ts';
import './server.ts';

export const schema = builder.toSchema();
