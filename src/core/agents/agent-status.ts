// What an agent is, as every layer sees it, and the one bus topic its status
// changes travel on, so GraphQL and gRPC streams see the same numbered events.
import { topic } from '../event-bus.ts';

export interface AgentView {
  id: string;
  name: string;
  /** Free-form, as the agent reports it: idle, working, online, offline… */
  state: string;
  detail: string;
  lastSeenAt: Date;
}

/** One status change, as published on `agentStatusTopic`. */
export interface AgentStatusUpdate {
  agent: AgentView;
}

export const agentStatusTopic = topic<AgentStatusUpdate>('agents.status');
