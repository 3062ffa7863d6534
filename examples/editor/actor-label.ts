// Who made a change, in words for the footer: "agent coder-1", "the disk",
// "Gemini (reply 5f0c…)". The server fills `actor` from the writer's token and
// its x-genpod-actor claim (docs/live-files.md, "Who changed what").
import type { EditorFileSubscription } from '../live-file/generated/graphql.ts';

export type Actor = NonNullable<EditorFileSubscription['fileContent']['actor']>;

export function actorLabel(actor: Actor): string {
  const inReply = actor.chatMessageId ? ` in reply to message ${actor.chatMessageId}` : '';
  switch (actor.kind) {
    case 'DISK':
      return 'the disk (an editor or tool outside GenPod)';
    case 'AGENT':
      return `agent ${actor.agentId ?? actor.principalId ?? 'unknown'}${inReply}`;
    case 'GEMINI':
      return `Gemini${inReply}`;
    case 'FRONTEND':
      return `${actor.principalId ?? 'a user'} (frontend)`;
  }
}
