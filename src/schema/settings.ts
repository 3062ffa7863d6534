// Settings, secrets, the project's .env files and their audit trail. No field
// here can return a secret's value: secrets show whether they are set and at
// most their last four characters.
import * as settings from '../resolvers/settings.ts';
import { builder } from './builder.ts';
import { secretInput } from './secret-input.ts';

const SettingType = builder.enumType('SettingType', {
  values: ['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ENUM', 'STRING_LIST'] as const,
});

const SettingSource = builder.enumType('SettingSource', {
  description:
    'Where the value in effect comes from: an environment variable wins over the database.',
  values: ['DEFAULT', 'DATABASE', 'ENVIRONMENT'] as const,
});

const Setting = builder.objectRef<settings.ResolvedSetting>('Setting').implement({
  description: 'A typed server setting.',
  fields: (t) => ({
    key: t.exposeString('key'),
    type: t.field({ type: SettingType, resolve: (setting) => setting.type }),
    value: t.field({ type: 'JSON', resolve: (setting) => setting.value }),
    defaultValue: t.field({ type: 'JSON', resolve: (setting) => setting.defaultValue }),
    source: t.field({ type: SettingSource, resolve: (setting) => setting.source }),
    description: t.exposeString('description'),
    envVar: t.exposeString('envVar', {
      description: 'The environment variable that overrides this setting.',
    }),
    appliesLive: t.exposeBoolean('appliesLive', {
      description: 'Whether a change takes effect without a restart.',
    }),
    allowedValues: t.exposeStringList('allowedValues', { nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
  }),
});

const SettingChangeInput = builder.inputType('SettingChangeInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.field({
      type: 'JSON',
      required: false,
      description: "The new value, of the setting's type; null returns it to its default.",
    }),
  }),
});

const SettingsChangeKind = builder.enumType('SettingsChangeKind', {
  values: ['CHANGED', 'RESYNC'] as const,
});

const SettingsChangedEvent = builder
  .objectRef<settings.SettingsChangedEvent>('SettingsChangedEvent')
  .implement({
    fields: (t) => ({
      sequence: t.exposeString('sequence'),
      kind: t.field({
        type: SettingsChangeKind,
        description: 'RESYNC: events were missed; `settings` holds every setting as it is now.',
        resolve: (event) => event.kind,
      }),
      settings: t.field({ type: [Setting], resolve: (event) => event.settings }),
      principal: t.exposeString('principal', { nullable: true }),
      at: t.expose('at', { type: 'DateTime' }),
    }),
  });

const SecretSource = builder.enumType('SecretSource', {
  values: ['ENVIRONMENT', 'DATABASE', 'UNSET'] as const,
});

const Secret = builder.objectRef<settings.SecretInfo>('Secret').implement({
  description: 'A secret, encrypted at rest with FERNET_SECRET. Its value is never shown.',
  fields: (t) => ({
    name: t.exposeString('name'),
    isSet: t.exposeBoolean('isSet'),
    source: t.field({ type: SecretSource, resolve: (secret) => secret.source }),
    description: t.exposeString('description', { nullable: true }),
    envVar: t.exposeString('envVar', { nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
    lastFour: t.exposeString('lastFour', {
      nullable: true,
      description: 'The last four characters, for secrets of at least 12 characters.',
    }),
    readable: t.exposeBoolean('readable', {
      description: 'False when the stored token cannot be decrypted with the configured keys.',
    }),
  }),
});

const SecretRotation = builder.objectRef<settings.RotationResult>('SecretRotation').implement({
  fields: (t) => ({
    rotated: t.exposeInt('rotated', { description: 'Secrets re-encrypted under the first key.' }),
    unchanged: t.exposeInt('unchanged', { description: 'Secrets already under the first key.' }),
  }),
});

const EnvVariable = builder
  .objectRef<settings.EnvFile['variables'][number]>('ProjectEnvVariable')
  .implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      line: t.exposeInt('line'),
      isEmpty: t.exposeBoolean('isEmpty'),
      maskedValue: t.exposeString('maskedValue', {
        description: 'Bullets, ending in the last four characters for values of 12 or more.',
      }),
      occurrences: t.exposeInt('occurrences', {
        description: 'How often the key is assigned; the last one wins.',
      }),
    }),
  });

const EnvFileInfo = builder.objectRef<settings.EnvFileInfo>('ProjectEnvFileInfo').implement({
  fields: (t) => ({
    path: t.exposeString('path'),
    size: t.exposeInt('size'),
    modifiedAt: t.expose('modifiedAt', { type: 'DateTime' }),
  }),
});

const EnvFile = builder.objectRef<settings.EnvFile>('ProjectEnvFile').implement({
  description: "One of the served project's .env files, values masked.",
  fields: (t) => ({
    path: t.exposeString('path'),
    size: t.exposeInt('size'),
    modifiedAt: t.expose('modifiedAt', { type: 'DateTime' }),
    variables: t.field({ type: [EnvVariable], resolve: (file) => file.variables }),
  }),
});

const AuditKind = builder.enumType('SettingsAuditKind', {
  values: ['SETTING', 'SECRET', 'ENV_VAR'] as const,
});

const AuditAction = builder.enumType('SettingsAuditAction', {
  values: ['UPDATE', 'RESET', 'SET', 'DELETE', 'ROTATE', 'UNSET'] as const,
});

const AuditEntry = builder.objectRef<settings.AuditEntry>('SettingsAuditEntry').implement({
  description: 'Who changed what, and when; never the value.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    at: t.expose('at', { type: 'DateTime' }),
    principal: t.exposeString('principal'),
    kind: t.field({ type: AuditKind, resolve: (entry) => entry.kind }),
    target: t.exposeString('target', {
      description: 'The setting key, secret name, or <file>#<KEY> for a project .env key.',
    }),
    action: t.field({ type: AuditAction, resolve: (entry) => entry.action }),
    transport: t.exposeString('transport'),
    requestId: t.exposeString('requestId'),
  }),
});

builder.queryFields((t) => ({
  settings: t.field({
    authScopes: { 'settings:read': true },
    type: [Setting],
    args: { keys: t.arg.stringList({ required: false }) },
    resolve: (_root, args, ctx) => settings.settings(ctx, args.keys),
  }),
  secrets: t.field({
    authScopes: { 'settings:read': true },
    type: [Secret],
    description: 'Known and stored secrets: whether each is set, never its value.',
    resolve: (_root, _args, ctx) => settings.secrets(ctx),
  }),
  projectEnvFiles: t.field({
    authScopes: { $all: { 'files:env': true, 'files:read': true } },
    type: [EnvFileInfo],
    args: { directory: t.arg.string({ required: true, defaultValue: '' }) },
    resolve: (_root, args, ctx) => settings.projectEnvFiles(ctx, args.directory),
  }),
  projectEnvFile: t.field({
    authScopes: { $all: { 'files:env': true, 'files:read': true } },
    type: EnvFile,
    args: { file: t.arg.string({ required: true, defaultValue: '.env' }) },
    resolve: (_root, args, ctx) => settings.projectEnvFile(ctx, args.file),
  }),
  settingsAudit: t.field({
    authScopes: { 'settings:read': true },
    type: [AuditEntry],
    description: 'Newest first.',
    args: {
      kind: t.arg({ type: AuditKind, required: false }),
      target: t.arg.string({ required: false }),
      beforeId: t.arg.int({ required: false }),
      limit: t.arg.int({ required: true, defaultValue: 50 }),
    },
    resolve: (_root, args, ctx) => settings.settingsAudit(ctx, args),
  }),
}));

builder.mutationFields((t) => ({
  updateSettings: t.field({
    authScopes: { 'settings:write': true },
    type: [Setting],
    description:
      'All or nothing: any invalid change fails the whole call with BAD_USER_INPUT, naming each bad key in extensions.fields.',
    args: { changes: t.arg({ type: [SettingChangeInput], required: true }) },
    resolve: (_root, args, ctx) =>
      settings.updateSettings(
        ctx,
        args.changes.map((change) => ({ key: change.key, value: change.value ?? null })),
      ),
  }),
  setSecret: t.field({
    authScopes: { 'secrets:write': true },
    type: Secret,
    args: {
      name: t.arg.string({ required: true }),
      // An error about it never repeats the value (src/http/secret-inputs.ts).
      value: t.arg.string({ required: true, extensions: secretInput }),
    },
    resolve: (_root, args, ctx) => settings.setSecret(ctx, args.name, args.value),
  }),
  deleteSecret: t.field({
    authScopes: { 'secrets:write': true },
    type: 'Boolean',
    description: 'True when a stored secret was deleted.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => settings.deleteSecret(ctx, args.name),
  }),
  rotateSecrets: t.field({
    authScopes: { 'secrets:write': true },
    type: SecretRotation,
    description: 'Re-encrypts every stored secret under the first FERNET_SECRET key; all or none.',
    resolve: (_root, _args, ctx) => settings.rotateSecrets(ctx),
  }),
  setProjectEnvVar: t.field({
    authScopes: { $all: { 'files:env': true, 'files:read': true, 'files:write': true } },
    type: EnvFile,
    description:
      'Sets one key, keeping comments, blank lines and order; creates the file if absent.',
    args: {
      file: t.arg.string({ required: true, defaultValue: '.env' }),
      key: t.arg.string({ required: true }),
      value: t.arg.string({ required: true, extensions: secretInput }),
    },
    resolve: (_root, args, ctx) => settings.setProjectEnvVar(ctx, args),
  }),
  unsetProjectEnvVar: t.field({
    authScopes: { $all: { 'files:env': true, 'files:read': true, 'files:write': true } },
    type: EnvFile,
    args: {
      file: t.arg.string({ required: true, defaultValue: '.env' }),
      key: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => settings.unsetProjectEnvVar(ctx, args),
  }),
}));

builder.subscriptionField('settingsChanged', (t) =>
  t.field({
    authScopes: { 'settings:read': true },
    type: SettingsChangedEvent,
    args: {
      keys: t.arg.stringList({ required: false }),
      since: t.arg.string({ required: false }),
    },
    subscribe: (_root, args, ctx) => settings.settingsChanged(ctx, args),
    resolve: (event) => event,
  }),
);
