// Chat sessions and messages in the database. Only this file queries the
// chatSession and chatMessage tables; views come out, rows stay inside.
import { NotFound } from '../errors.ts';
import type { Database } from '../db/database.ts';
import type { TokenUsage } from '../gemini/client.ts';
import type { ChatMessage as MessageRow, Prisma } from '../../generated/prisma/client.ts';
import {
  chatLimits,
  toMessageView,
  toSessionView,
  type ChatError,
  type ChatMessageStatus,
  type ChatMessageView,
  type ChatRole,
  type ChatSessionView,
} from './chat-message.ts';

export interface NewMessage {
  role: ChatRole;
  authorId: string | null;
  content: string;
  status: ChatMessageStatus;
  model?: string | undefined;
  /** An ASSISTANT reply's generation settings as sent. */
  generationConfig?: Record<string, unknown> | undefined;
}

/** How a reply ended, as stored. */
export interface FinishedReply {
  content: string;
  status: ChatMessageStatus;
  error: ChatError | null;
  finishReason: string | null;
  usage: TokenUsage | null;
}

/** A message of a session's history, as Gemini's turns are built from it. */
export type HistoryMessage = Pick<ChatMessageView, 'role' | 'authorId' | 'content'>;

export class ChatMessageStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async createSession(title: string): Promise<ChatSessionView> {
    return toSessionView(await this.#db.chatSession.create({ data: { title } }));
  }

  async findSession(id: string): Promise<ChatSessionView | null> {
    const row = await this.#db.chatSession.findUnique({ where: { id } });
    return row ? toSessionView(row) : null;
  }

  /** Sessions with the most recent activity first, after the session `after`. */
  async listSessions(first: number, after: string | undefined): Promise<ChatSessionView[]> {
    const rows = await this.#db.chatSession.findMany({
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: first,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    return rows.map(toSessionView);
  }

  async findMessage(id: string): Promise<ChatMessageView | null> {
    const row = await this.#db.chatMessage.findUnique({ where: { id } });
    return row ? toMessageView(row) : null;
  }

  /** Up to `take` messages before position `before` (all when undefined), newest first. */
  async messagesBefore(
    sessionId: string,
    before: number | undefined,
    take: number,
  ): Promise<ChatMessageView[]> {
    const rows = await this.#db.chatMessage.findMany({
      where: { sessionId, ...(before === undefined ? {} : { position: { lt: before } }) },
      orderBy: { position: 'desc' },
      take,
    });
    return rows.map(toMessageView);
  }

  /** Up to `take` messages after position `after` (from the start when undefined), oldest first. */
  async messagesAfter(
    sessionId: string,
    after: number | undefined,
    take: number,
  ): Promise<ChatMessageView[]> {
    const rows = await this.#db.chatMessage.findMany({
      where: { sessionId, ...(after === undefined ? {} : { position: { gt: after } }) },
      orderBy: { position: 'asc' },
      take,
    });
    return rows.map(toMessageView);
  }

  /**
   * Stores messages at the session's next positions, in one transaction. An
   * unknown session is NOT_FOUND (the counter update finds no row), which
   * spares a read before every post.
   */
  async insert(sessionId: string, messages: readonly NewMessage[]): Promise<ChatMessageView[]> {
    try {
      const rows = await this.#db.$transaction(async (tx) => {
        const session = await tx.chatSession.update({
          where: { id: sessionId },
          data: { messageCount: { increment: messages.length } },
        });
        const first = session.messageCount - messages.length + 1;
        const created: MessageRow[] = [];
        for (const [index, message] of messages.entries()) {
          created.push(
            await tx.chatMessage.create({
              data: {
                sessionId,
                position: first + index,
                role: message.role,
                authorId: message.authorId,
                content: message.content,
                status: message.status,
                model: message.model ?? null,
                ...(message.generationConfig
                  ? { generationConfig: message.generationConfig as Prisma.InputJsonObject }
                  : {}),
              },
            }),
          );
        }
        return created;
      });
      return rows.map(toMessageView);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'P2025') {
        throw new NotFound(`chat session ${sessionId} does not exist`, { sessionId });
      }
      throw error;
    }
  }

  /**
   * The session's latest finished messages, oldest first, in one query that
   * also proves the session exists: nothing is sent upstream for an unknown one.
   */
  async history(sessionId: string): Promise<HistoryMessage[]> {
    const session = await this.#db.chatSession.findUnique({
      where: { id: sessionId },
      include: {
        messages: {
          where: { status: 'DONE' },
          orderBy: { position: 'desc' },
          take: chatLimits.historyMessages - 1,
        },
      },
    });
    if (!session) throw new NotFound(`chat session ${sessionId} does not exist`, { sessionId });
    return session.messages
      .reverse()
      .map((row) => ({ role: row.role as ChatRole, authorId: row.authorId, content: row.content }));
  }

  /**
   * Stores the text a reply has so far, while it is still STREAMING: a write
   * that arrives after the reply finished changes nothing.
   */
  async savePartialReply(messageId: string, content: string): Promise<void> {
    await this.#db.chatMessage.updateMany({
      where: { id: messageId, status: 'STREAMING' },
      data: { content },
    });
  }

  async finishReply(messageId: string, reply: FinishedReply): Promise<ChatMessageView> {
    const { error, usage } = reply;
    const row = await this.#db.chatMessage.update({
      where: { id: messageId },
      data: {
        content: reply.content,
        status: reply.status,
        errorReason: error?.reason ?? null,
        errorMessage: error?.message ?? null,
        retryAfterSeconds: error?.retryAfterSeconds ?? null,
        finishReason: reply.finishReason,
        promptTokens: usage?.promptTokens ?? null,
        completionTokens: usage?.completionTokens ?? null,
        totalTokens: usage?.totalTokens ?? null,
      },
    });
    return toMessageView(row);
  }

  /** Marks every STREAMING reply not in `generating` FAILED, INTERRUPTED; returns how many. */
  async failInterrupted(generating: readonly string[]): Promise<number> {
    const { count } = await this.#db.chatMessage.updateMany({
      where: { status: 'STREAMING', id: { notIn: [...generating] } },
      data: {
        status: 'FAILED',
        errorReason: 'INTERRUPTED',
        errorMessage: 'the server stopped while the reply was being generated',
      },
    });
    return count;
  }
}
