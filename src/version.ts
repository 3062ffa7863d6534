import packageJson from '../package.json' with { type: 'json' };

/** The server's version, from package.json. */
export const version: string = packageJson.version;
