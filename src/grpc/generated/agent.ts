import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentServiceClient as _genpod_agent_v1_AgentServiceClient, AgentServiceDefinition as _genpod_agent_v1_AgentServiceDefinition } from './genpod/agent/v1/AgentService.ts';
import type { AgentStatus as _genpod_agent_v1_AgentStatus, AgentStatus__Output as _genpod_agent_v1_AgentStatus__Output } from './genpod/agent/v1/AgentStatus.ts';
import type { ArchiveChunk as _genpod_agent_v1_ArchiveChunk, ArchiveChunk__Output as _genpod_agent_v1_ArchiveChunk__Output } from './genpod/agent/v1/ArchiveChunk.ts';
import type { ByteRange as _genpod_agent_v1_ByteRange, ByteRange__Output as _genpod_agent_v1_ByteRange__Output } from './genpod/agent/v1/ByteRange.ts';
import type { ChangeActor as _genpod_agent_v1_ChangeActor, ChangeActor__Output as _genpod_agent_v1_ChangeActor__Output } from './genpod/agent/v1/ChangeActor.ts';
import type { ChatPrompt as _genpod_agent_v1_ChatPrompt, ChatPrompt__Output as _genpod_agent_v1_ChatPrompt__Output } from './genpod/agent/v1/ChatPrompt.ts';
import type { ChatRequest as _genpod_agent_v1_ChatRequest, ChatRequest__Output as _genpod_agent_v1_ChatRequest__Output } from './genpod/agent/v1/ChatRequest.ts';
import type { ChatResponse as _genpod_agent_v1_ChatResponse, ChatResponse__Output as _genpod_agent_v1_ChatResponse__Output } from './genpod/agent/v1/ChatResponse.ts';
import type { ChatServiceClient as _genpod_agent_v1_ChatServiceClient, ChatServiceDefinition as _genpod_agent_v1_ChatServiceDefinition } from './genpod/agent/v1/ChatService.ts';
import type { CreateDirectoryRequest as _genpod_agent_v1_CreateDirectoryRequest, CreateDirectoryRequest__Output as _genpod_agent_v1_CreateDirectoryRequest__Output } from './genpod/agent/v1/CreateDirectoryRequest.ts';
import type { DataUpdate as _genpod_agent_v1_DataUpdate, DataUpdate__Output as _genpod_agent_v1_DataUpdate__Output } from './genpod/agent/v1/DataUpdate.ts';
import type { DeletePathRequest as _genpod_agent_v1_DeletePathRequest, DeletePathRequest__Output as _genpod_agent_v1_DeletePathRequest__Output } from './genpod/agent/v1/DeletePathRequest.ts';
import type { DeletePathResponse as _genpod_agent_v1_DeletePathResponse, DeletePathResponse__Output as _genpod_agent_v1_DeletePathResponse__Output } from './genpod/agent/v1/DeletePathResponse.ts';
import type { DeleteSecretRequest as _genpod_agent_v1_DeleteSecretRequest, DeleteSecretRequest__Output as _genpod_agent_v1_DeleteSecretRequest__Output } from './genpod/agent/v1/DeleteSecretRequest.ts';
import type { DeleteSecretResponse as _genpod_agent_v1_DeleteSecretResponse, DeleteSecretResponse__Output as _genpod_agent_v1_DeleteSecretResponse__Output } from './genpod/agent/v1/DeleteSecretResponse.ts';
import type { DownloadArchiveRequest as _genpod_agent_v1_DownloadArchiveRequest, DownloadArchiveRequest__Output as _genpod_agent_v1_DownloadArchiveRequest__Output } from './genpod/agent/v1/DownloadArchiveRequest.ts';
import type { EntryInfo as _genpod_agent_v1_EntryInfo, EntryInfo__Output as _genpod_agent_v1_EntryInfo__Output } from './genpod/agent/v1/EntryInfo.ts';
import type { FileBatchDelete as _genpod_agent_v1_FileBatchDelete, FileBatchDelete__Output as _genpod_agent_v1_FileBatchDelete__Output } from './genpod/agent/v1/FileBatchDelete.ts';
import type { FileBatchEntry as _genpod_agent_v1_FileBatchEntry, FileBatchEntry__Output as _genpod_agent_v1_FileBatchEntry__Output } from './genpod/agent/v1/FileBatchEntry.ts';
import type { FileBatchMove as _genpod_agent_v1_FileBatchMove, FileBatchMove__Output as _genpod_agent_v1_FileBatchMove__Output } from './genpod/agent/v1/FileBatchMove.ts';
import type { FileBatchResult as _genpod_agent_v1_FileBatchResult, FileBatchResult__Output as _genpod_agent_v1_FileBatchResult__Output } from './genpod/agent/v1/FileBatchResult.ts';
import type { FileBatchWrite as _genpod_agent_v1_FileBatchWrite, FileBatchWrite__Output as _genpod_agent_v1_FileBatchWrite__Output } from './genpod/agent/v1/FileBatchWrite.ts';
import type { FileContentUpdate as _genpod_agent_v1_FileContentUpdate, FileContentUpdate__Output as _genpod_agent_v1_FileContentUpdate__Output } from './genpod/agent/v1/FileContentUpdate.ts';
import type { FileEntry as _genpod_agent_v1_FileEntry, FileEntry__Output as _genpod_agent_v1_FileEntry__Output } from './genpod/agent/v1/FileEntry.ts';
import type { FileReplacement as _genpod_agent_v1_FileReplacement, FileReplacement__Output as _genpod_agent_v1_FileReplacement__Output } from './genpod/agent/v1/FileReplacement.ts';
import type { FileUpdate as _genpod_agent_v1_FileUpdate, FileUpdate__Output as _genpod_agent_v1_FileUpdate__Output } from './genpod/agent/v1/FileUpdate.ts';
import type { GetRenderedPromptRequest as _genpod_agent_v1_GetRenderedPromptRequest, GetRenderedPromptRequest__Output as _genpod_agent_v1_GetRenderedPromptRequest__Output } from './genpod/agent/v1/GetRenderedPromptRequest.ts';
import type { GitCommit as _genpod_agent_v1_GitCommit, GitCommit__Output as _genpod_agent_v1_GitCommit__Output } from './genpod/agent/v1/GitCommit.ts';
import type { GitDiffRequest as _genpod_agent_v1_GitDiffRequest, GitDiffRequest__Output as _genpod_agent_v1_GitDiffRequest__Output } from './genpod/agent/v1/GitDiffRequest.ts';
import type { GitDiffResponse as _genpod_agent_v1_GitDiffResponse, GitDiffResponse__Output as _genpod_agent_v1_GitDiffResponse__Output } from './genpod/agent/v1/GitDiffResponse.ts';
import type { GitFileStatus as _genpod_agent_v1_GitFileStatus, GitFileStatus__Output as _genpod_agent_v1_GitFileStatus__Output } from './genpod/agent/v1/GitFileStatus.ts';
import type { GitLogRequest as _genpod_agent_v1_GitLogRequest, GitLogRequest__Output as _genpod_agent_v1_GitLogRequest__Output } from './genpod/agent/v1/GitLogRequest.ts';
import type { GitLogResponse as _genpod_agent_v1_GitLogResponse, GitLogResponse__Output as _genpod_agent_v1_GitLogResponse__Output } from './genpod/agent/v1/GitLogResponse.ts';
import type { GitServiceClient as _genpod_agent_v1_GitServiceClient, GitServiceDefinition as _genpod_agent_v1_GitServiceDefinition } from './genpod/agent/v1/GitService.ts';
import type { GitStatus as _genpod_agent_v1_GitStatus, GitStatus__Output as _genpod_agent_v1_GitStatus__Output } from './genpod/agent/v1/GitStatus.ts';
import type { GitStatusRequest as _genpod_agent_v1_GitStatusRequest, GitStatusRequest__Output as _genpod_agent_v1_GitStatusRequest__Output } from './genpod/agent/v1/GitStatusRequest.ts';
import type { ListPromptDependentsRequest as _genpod_agent_v1_ListPromptDependentsRequest, ListPromptDependentsRequest__Output as _genpod_agent_v1_ListPromptDependentsRequest__Output } from './genpod/agent/v1/ListPromptDependentsRequest.ts';
import type { ListPromptLabelHistoryRequest as _genpod_agent_v1_ListPromptLabelHistoryRequest, ListPromptLabelHistoryRequest__Output as _genpod_agent_v1_ListPromptLabelHistoryRequest__Output } from './genpod/agent/v1/ListPromptLabelHistoryRequest.ts';
import type { ListSecretsRequest as _genpod_agent_v1_ListSecretsRequest, ListSecretsRequest__Output as _genpod_agent_v1_ListSecretsRequest__Output } from './genpod/agent/v1/ListSecretsRequest.ts';
import type { ListSettingsRequest as _genpod_agent_v1_ListSettingsRequest, ListSettingsRequest__Output as _genpod_agent_v1_ListSettingsRequest__Output } from './genpod/agent/v1/ListSettingsRequest.ts';
import type { ListTreeRequest as _genpod_agent_v1_ListTreeRequest, ListTreeRequest__Output as _genpod_agent_v1_ListTreeRequest__Output } from './genpod/agent/v1/ListTreeRequest.ts';
import type { LogFilter as _genpod_agent_v1_LogFilter, LogFilter__Output as _genpod_agent_v1_LogFilter__Output } from './genpod/agent/v1/LogFilter.ts';
import type { LogGap as _genpod_agent_v1_LogGap, LogGap__Output as _genpod_agent_v1_LogGap__Output } from './genpod/agent/v1/LogGap.ts';
import type { LogRecord as _genpod_agent_v1_LogRecord, LogRecord__Output as _genpod_agent_v1_LogRecord__Output } from './genpod/agent/v1/LogRecord.ts';
import type { LogServiceClient as _genpod_agent_v1_LogServiceClient, LogServiceDefinition as _genpod_agent_v1_LogServiceDefinition } from './genpod/agent/v1/LogService.ts';
import type { MovePathRequest as _genpod_agent_v1_MovePathRequest, MovePathRequest__Output as _genpod_agent_v1_MovePathRequest__Output } from './genpod/agent/v1/MovePathRequest.ts';
import type { ProjectStructure as _genpod_agent_v1_ProjectStructure, ProjectStructure__Output as _genpod_agent_v1_ProjectStructure__Output } from './genpod/agent/v1/ProjectStructure.ts';
import type { PromptChangeEvent as _genpod_agent_v1_PromptChangeEvent, PromptChangeEvent__Output as _genpod_agent_v1_PromptChangeEvent__Output } from './genpod/agent/v1/PromptChangeEvent.ts';
import type { PromptDependent as _genpod_agent_v1_PromptDependent, PromptDependent__Output as _genpod_agent_v1_PromptDependent__Output } from './genpod/agent/v1/PromptDependent.ts';
import type { PromptDependents as _genpod_agent_v1_PromptDependents, PromptDependents__Output as _genpod_agent_v1_PromptDependents__Output } from './genpod/agent/v1/PromptDependents.ts';
import type { PromptLabelHistory as _genpod_agent_v1_PromptLabelHistory, PromptLabelHistory__Output as _genpod_agent_v1_PromptLabelHistory__Output } from './genpod/agent/v1/PromptLabelHistory.ts';
import type { PromptLabelMove as _genpod_agent_v1_PromptLabelMove, PromptLabelMove__Output as _genpod_agent_v1_PromptLabelMove__Output } from './genpod/agent/v1/PromptLabelMove.ts';
import type { PromptLabelState as _genpod_agent_v1_PromptLabelState, PromptLabelState__Output as _genpod_agent_v1_PromptLabelState__Output } from './genpod/agent/v1/PromptLabelState.ts';
import type { PromptMessage as _genpod_agent_v1_PromptMessage, PromptMessage__Output as _genpod_agent_v1_PromptMessage__Output } from './genpod/agent/v1/PromptMessage.ts';
import type { PromptMessageList as _genpod_agent_v1_PromptMessageList, PromptMessageList__Output as _genpod_agent_v1_PromptMessageList__Output } from './genpod/agent/v1/PromptMessageList.ts';
import type { PromptServiceClient as _genpod_agent_v1_PromptServiceClient, PromptServiceDefinition as _genpod_agent_v1_PromptServiceDefinition } from './genpod/agent/v1/PromptService.ts';
import type { ProtectPromptLabelRequest as _genpod_agent_v1_ProtectPromptLabelRequest, ProtectPromptLabelRequest__Output as _genpod_agent_v1_ProtectPromptLabelRequest__Output } from './genpod/agent/v1/ProtectPromptLabelRequest.ts';
import type { PushLogLine as _genpod_agent_v1_PushLogLine, PushLogLine__Output as _genpod_agent_v1_PushLogLine__Output } from './genpod/agent/v1/PushLogLine.ts';
import type { PushLogsResponse as _genpod_agent_v1_PushLogsResponse, PushLogsResponse__Output as _genpod_agent_v1_PushLogsResponse__Output } from './genpod/agent/v1/PushLogsResponse.ts';
import type { ReadFileRequest as _genpod_agent_v1_ReadFileRequest, ReadFileRequest__Output as _genpod_agent_v1_ReadFileRequest__Output } from './genpod/agent/v1/ReadFileRequest.ts';
import type { RemovePromptLabelRequest as _genpod_agent_v1_RemovePromptLabelRequest, RemovePromptLabelRequest__Output as _genpod_agent_v1_RemovePromptLabelRequest__Output } from './genpod/agent/v1/RemovePromptLabelRequest.ts';
import type { RenderedPrompt as _genpod_agent_v1_RenderedPrompt, RenderedPrompt__Output as _genpod_agent_v1_RenderedPrompt__Output } from './genpod/agent/v1/RenderedPrompt.ts';
import type { ReplaceInFilesRequest as _genpod_agent_v1_ReplaceInFilesRequest, ReplaceInFilesRequest__Output as _genpod_agent_v1_ReplaceInFilesRequest__Output } from './genpod/agent/v1/ReplaceInFilesRequest.ts';
import type { ReplaceInFilesResponse as _genpod_agent_v1_ReplaceInFilesResponse, ReplaceInFilesResponse__Output as _genpod_agent_v1_ReplaceInFilesResponse__Output } from './genpod/agent/v1/ReplaceInFilesResponse.ts';
import type { ReplaceMatch as _genpod_agent_v1_ReplaceMatch, ReplaceMatch__Output as _genpod_agent_v1_ReplaceMatch__Output } from './genpod/agent/v1/ReplaceMatch.ts';
import type { RotateSecretsRequest as _genpod_agent_v1_RotateSecretsRequest, RotateSecretsRequest__Output as _genpod_agent_v1_RotateSecretsRequest__Output } from './genpod/agent/v1/RotateSecretsRequest.ts';
import type { RotateSecretsResponse as _genpod_agent_v1_RotateSecretsResponse, RotateSecretsResponse__Output as _genpod_agent_v1_RotateSecretsResponse__Output } from './genpod/agent/v1/RotateSecretsResponse.ts';
import type { SearchFilesMatch as _genpod_agent_v1_SearchFilesMatch, SearchFilesMatch__Output as _genpod_agent_v1_SearchFilesMatch__Output } from './genpod/agent/v1/SearchFilesMatch.ts';
import type { SearchFilesRequest as _genpod_agent_v1_SearchFilesRequest, SearchFilesRequest__Output as _genpod_agent_v1_SearchFilesRequest__Output } from './genpod/agent/v1/SearchFilesRequest.ts';
import type { SearchFilesResponse as _genpod_agent_v1_SearchFilesResponse, SearchFilesResponse__Output as _genpod_agent_v1_SearchFilesResponse__Output } from './genpod/agent/v1/SearchFilesResponse.ts';
import type { SecretInfo as _genpod_agent_v1_SecretInfo, SecretInfo__Output as _genpod_agent_v1_SecretInfo__Output } from './genpod/agent/v1/SecretInfo.ts';
import type { SecretList as _genpod_agent_v1_SecretList, SecretList__Output as _genpod_agent_v1_SecretList__Output } from './genpod/agent/v1/SecretList.ts';
import type { SetPromptLabelRequest as _genpod_agent_v1_SetPromptLabelRequest, SetPromptLabelRequest__Output as _genpod_agent_v1_SetPromptLabelRequest__Output } from './genpod/agent/v1/SetPromptLabelRequest.ts';
import type { SetSecretRequest as _genpod_agent_v1_SetSecretRequest, SetSecretRequest__Output as _genpod_agent_v1_SetSecretRequest__Output } from './genpod/agent/v1/SetSecretRequest.ts';
import type { Setting as _genpod_agent_v1_Setting, Setting__Output as _genpod_agent_v1_Setting__Output } from './genpod/agent/v1/Setting.ts';
import type { SettingChange as _genpod_agent_v1_SettingChange, SettingChange__Output as _genpod_agent_v1_SettingChange__Output } from './genpod/agent/v1/SettingChange.ts';
import type { SettingList as _genpod_agent_v1_SettingList, SettingList__Output as _genpod_agent_v1_SettingList__Output } from './genpod/agent/v1/SettingList.ts';
import type { SettingsChange as _genpod_agent_v1_SettingsChange, SettingsChange__Output as _genpod_agent_v1_SettingsChange__Output } from './genpod/agent/v1/SettingsChange.ts';
import type { SettingsServiceClient as _genpod_agent_v1_SettingsServiceClient, SettingsServiceDefinition as _genpod_agent_v1_SettingsServiceDefinition } from './genpod/agent/v1/SettingsService.ts';
import type { StreamDataRequest as _genpod_agent_v1_StreamDataRequest, StreamDataRequest__Output as _genpod_agent_v1_StreamDataRequest__Output } from './genpod/agent/v1/StreamDataRequest.ts';
import type { TailLogsEvent as _genpod_agent_v1_TailLogsEvent, TailLogsEvent__Output as _genpod_agent_v1_TailLogsEvent__Output } from './genpod/agent/v1/TailLogsEvent.ts';
import type { TailLogsRequest as _genpod_agent_v1_TailLogsRequest, TailLogsRequest__Output as _genpod_agent_v1_TailLogsRequest__Output } from './genpod/agent/v1/TailLogsRequest.ts';
import type { TextEdit as _genpod_agent_v1_TextEdit, TextEdit__Output as _genpod_agent_v1_TextEdit__Output } from './genpod/agent/v1/TextEdit.ts';
import type { TextRange as _genpod_agent_v1_TextRange, TextRange__Output as _genpod_agent_v1_TextRange__Output } from './genpod/agent/v1/TextRange.ts';
import type { TreeEntry as _genpod_agent_v1_TreeEntry, TreeEntry__Output as _genpod_agent_v1_TreeEntry__Output } from './genpod/agent/v1/TreeEntry.ts';
import type { UpdateSettingsRequest as _genpod_agent_v1_UpdateSettingsRequest, UpdateSettingsRequest__Output as _genpod_agent_v1_UpdateSettingsRequest__Output } from './genpod/agent/v1/UpdateSettingsRequest.ts';
import type { UploadArchiveHeader as _genpod_agent_v1_UploadArchiveHeader, UploadArchiveHeader__Output as _genpod_agent_v1_UploadArchiveHeader__Output } from './genpod/agent/v1/UploadArchiveHeader.ts';
import type { UploadArchiveRequest as _genpod_agent_v1_UploadArchiveRequest, UploadArchiveRequest__Output as _genpod_agent_v1_UploadArchiveRequest__Output } from './genpod/agent/v1/UploadArchiveRequest.ts';
import type { UploadArchiveResponse as _genpod_agent_v1_UploadArchiveResponse, UploadArchiveResponse__Output as _genpod_agent_v1_UploadArchiveResponse__Output } from './genpod/agent/v1/UploadArchiveResponse.ts';
import type { WatchPromptChangesRequest as _genpod_agent_v1_WatchPromptChangesRequest, WatchPromptChangesRequest__Output as _genpod_agent_v1_WatchPromptChangesRequest__Output } from './genpod/agent/v1/WatchPromptChangesRequest.ts';
import type { WatchSettingsRequest as _genpod_agent_v1_WatchSettingsRequest, WatchSettingsRequest__Output as _genpod_agent_v1_WatchSettingsRequest__Output } from './genpod/agent/v1/WatchSettingsRequest.ts';
import type { WriteFileRequest as _genpod_agent_v1_WriteFileRequest, WriteFileRequest__Output as _genpod_agent_v1_WriteFileRequest__Output } from './genpod/agent/v1/WriteFileRequest.ts';
import type { WriteFilesRequest as _genpod_agent_v1_WriteFilesRequest, WriteFilesRequest__Output as _genpod_agent_v1_WriteFilesRequest__Output } from './genpod/agent/v1/WriteFilesRequest.ts';
import type { WriteFilesResponse as _genpod_agent_v1_WriteFilesResponse, WriteFilesResponse__Output as _genpod_agent_v1_WriteFilesResponse__Output } from './genpod/agent/v1/WriteFilesResponse.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  genpod: {
    agent: {
      v1: {
        AgentService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_AgentServiceClient> & { service: _genpod_agent_v1_AgentServiceDefinition }
        AgentStatus: MessageTypeDefinition<_genpod_agent_v1_AgentStatus, _genpod_agent_v1_AgentStatus__Output>
        ArchiveChunk: MessageTypeDefinition<_genpod_agent_v1_ArchiveChunk, _genpod_agent_v1_ArchiveChunk__Output>
        ByteRange: MessageTypeDefinition<_genpod_agent_v1_ByteRange, _genpod_agent_v1_ByteRange__Output>
        ChangeActor: MessageTypeDefinition<_genpod_agent_v1_ChangeActor, _genpod_agent_v1_ChangeActor__Output>
        ChatPrompt: MessageTypeDefinition<_genpod_agent_v1_ChatPrompt, _genpod_agent_v1_ChatPrompt__Output>
        ChatRequest: MessageTypeDefinition<_genpod_agent_v1_ChatRequest, _genpod_agent_v1_ChatRequest__Output>
        ChatResponse: MessageTypeDefinition<_genpod_agent_v1_ChatResponse, _genpod_agent_v1_ChatResponse__Output>
        ChatService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_ChatServiceClient> & { service: _genpod_agent_v1_ChatServiceDefinition }
        CreateDirectoryRequest: MessageTypeDefinition<_genpod_agent_v1_CreateDirectoryRequest, _genpod_agent_v1_CreateDirectoryRequest__Output>
        DataUpdate: MessageTypeDefinition<_genpod_agent_v1_DataUpdate, _genpod_agent_v1_DataUpdate__Output>
        DeletePathRequest: MessageTypeDefinition<_genpod_agent_v1_DeletePathRequest, _genpod_agent_v1_DeletePathRequest__Output>
        DeletePathResponse: MessageTypeDefinition<_genpod_agent_v1_DeletePathResponse, _genpod_agent_v1_DeletePathResponse__Output>
        DeleteSecretRequest: MessageTypeDefinition<_genpod_agent_v1_DeleteSecretRequest, _genpod_agent_v1_DeleteSecretRequest__Output>
        DeleteSecretResponse: MessageTypeDefinition<_genpod_agent_v1_DeleteSecretResponse, _genpod_agent_v1_DeleteSecretResponse__Output>
        DownloadArchiveRequest: MessageTypeDefinition<_genpod_agent_v1_DownloadArchiveRequest, _genpod_agent_v1_DownloadArchiveRequest__Output>
        EntryInfo: MessageTypeDefinition<_genpod_agent_v1_EntryInfo, _genpod_agent_v1_EntryInfo__Output>
        FileBatchDelete: MessageTypeDefinition<_genpod_agent_v1_FileBatchDelete, _genpod_agent_v1_FileBatchDelete__Output>
        FileBatchEntry: MessageTypeDefinition<_genpod_agent_v1_FileBatchEntry, _genpod_agent_v1_FileBatchEntry__Output>
        FileBatchMove: MessageTypeDefinition<_genpod_agent_v1_FileBatchMove, _genpod_agent_v1_FileBatchMove__Output>
        FileBatchResult: MessageTypeDefinition<_genpod_agent_v1_FileBatchResult, _genpod_agent_v1_FileBatchResult__Output>
        FileBatchWrite: MessageTypeDefinition<_genpod_agent_v1_FileBatchWrite, _genpod_agent_v1_FileBatchWrite__Output>
        FileContentUpdate: MessageTypeDefinition<_genpod_agent_v1_FileContentUpdate, _genpod_agent_v1_FileContentUpdate__Output>
        FileEntry: MessageTypeDefinition<_genpod_agent_v1_FileEntry, _genpod_agent_v1_FileEntry__Output>
        FileReplacement: MessageTypeDefinition<_genpod_agent_v1_FileReplacement, _genpod_agent_v1_FileReplacement__Output>
        FileUpdate: MessageTypeDefinition<_genpod_agent_v1_FileUpdate, _genpod_agent_v1_FileUpdate__Output>
        GetRenderedPromptRequest: MessageTypeDefinition<_genpod_agent_v1_GetRenderedPromptRequest, _genpod_agent_v1_GetRenderedPromptRequest__Output>
        GitCommit: MessageTypeDefinition<_genpod_agent_v1_GitCommit, _genpod_agent_v1_GitCommit__Output>
        GitDiffRequest: MessageTypeDefinition<_genpod_agent_v1_GitDiffRequest, _genpod_agent_v1_GitDiffRequest__Output>
        GitDiffResponse: MessageTypeDefinition<_genpod_agent_v1_GitDiffResponse, _genpod_agent_v1_GitDiffResponse__Output>
        GitFileStatus: MessageTypeDefinition<_genpod_agent_v1_GitFileStatus, _genpod_agent_v1_GitFileStatus__Output>
        GitLogRequest: MessageTypeDefinition<_genpod_agent_v1_GitLogRequest, _genpod_agent_v1_GitLogRequest__Output>
        GitLogResponse: MessageTypeDefinition<_genpod_agent_v1_GitLogResponse, _genpod_agent_v1_GitLogResponse__Output>
        GitService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_GitServiceClient> & { service: _genpod_agent_v1_GitServiceDefinition }
        GitStatus: MessageTypeDefinition<_genpod_agent_v1_GitStatus, _genpod_agent_v1_GitStatus__Output>
        GitStatusRequest: MessageTypeDefinition<_genpod_agent_v1_GitStatusRequest, _genpod_agent_v1_GitStatusRequest__Output>
        ListPromptDependentsRequest: MessageTypeDefinition<_genpod_agent_v1_ListPromptDependentsRequest, _genpod_agent_v1_ListPromptDependentsRequest__Output>
        ListPromptLabelHistoryRequest: MessageTypeDefinition<_genpod_agent_v1_ListPromptLabelHistoryRequest, _genpod_agent_v1_ListPromptLabelHistoryRequest__Output>
        ListSecretsRequest: MessageTypeDefinition<_genpod_agent_v1_ListSecretsRequest, _genpod_agent_v1_ListSecretsRequest__Output>
        ListSettingsRequest: MessageTypeDefinition<_genpod_agent_v1_ListSettingsRequest, _genpod_agent_v1_ListSettingsRequest__Output>
        ListTreeRequest: MessageTypeDefinition<_genpod_agent_v1_ListTreeRequest, _genpod_agent_v1_ListTreeRequest__Output>
        LogFilter: MessageTypeDefinition<_genpod_agent_v1_LogFilter, _genpod_agent_v1_LogFilter__Output>
        LogGap: MessageTypeDefinition<_genpod_agent_v1_LogGap, _genpod_agent_v1_LogGap__Output>
        LogRecord: MessageTypeDefinition<_genpod_agent_v1_LogRecord, _genpod_agent_v1_LogRecord__Output>
        LogService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_LogServiceClient> & { service: _genpod_agent_v1_LogServiceDefinition }
        MovePathRequest: MessageTypeDefinition<_genpod_agent_v1_MovePathRequest, _genpod_agent_v1_MovePathRequest__Output>
        ProjectStructure: MessageTypeDefinition<_genpod_agent_v1_ProjectStructure, _genpod_agent_v1_ProjectStructure__Output>
        PromptChangeEvent: MessageTypeDefinition<_genpod_agent_v1_PromptChangeEvent, _genpod_agent_v1_PromptChangeEvent__Output>
        PromptDependent: MessageTypeDefinition<_genpod_agent_v1_PromptDependent, _genpod_agent_v1_PromptDependent__Output>
        PromptDependents: MessageTypeDefinition<_genpod_agent_v1_PromptDependents, _genpod_agent_v1_PromptDependents__Output>
        PromptLabelHistory: MessageTypeDefinition<_genpod_agent_v1_PromptLabelHistory, _genpod_agent_v1_PromptLabelHistory__Output>
        PromptLabelMove: MessageTypeDefinition<_genpod_agent_v1_PromptLabelMove, _genpod_agent_v1_PromptLabelMove__Output>
        PromptLabelState: MessageTypeDefinition<_genpod_agent_v1_PromptLabelState, _genpod_agent_v1_PromptLabelState__Output>
        PromptMessage: MessageTypeDefinition<_genpod_agent_v1_PromptMessage, _genpod_agent_v1_PromptMessage__Output>
        PromptMessageList: MessageTypeDefinition<_genpod_agent_v1_PromptMessageList, _genpod_agent_v1_PromptMessageList__Output>
        PromptService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_PromptServiceClient> & { service: _genpod_agent_v1_PromptServiceDefinition }
        PromptType: EnumTypeDefinition
        ProtectPromptLabelRequest: MessageTypeDefinition<_genpod_agent_v1_ProtectPromptLabelRequest, _genpod_agent_v1_ProtectPromptLabelRequest__Output>
        PushLogLine: MessageTypeDefinition<_genpod_agent_v1_PushLogLine, _genpod_agent_v1_PushLogLine__Output>
        PushLogsResponse: MessageTypeDefinition<_genpod_agent_v1_PushLogsResponse, _genpod_agent_v1_PushLogsResponse__Output>
        ReadFileRequest: MessageTypeDefinition<_genpod_agent_v1_ReadFileRequest, _genpod_agent_v1_ReadFileRequest__Output>
        RemovePromptLabelRequest: MessageTypeDefinition<_genpod_agent_v1_RemovePromptLabelRequest, _genpod_agent_v1_RemovePromptLabelRequest__Output>
        RenderedPrompt: MessageTypeDefinition<_genpod_agent_v1_RenderedPrompt, _genpod_agent_v1_RenderedPrompt__Output>
        ReplaceInFilesRequest: MessageTypeDefinition<_genpod_agent_v1_ReplaceInFilesRequest, _genpod_agent_v1_ReplaceInFilesRequest__Output>
        ReplaceInFilesResponse: MessageTypeDefinition<_genpod_agent_v1_ReplaceInFilesResponse, _genpod_agent_v1_ReplaceInFilesResponse__Output>
        ReplaceMatch: MessageTypeDefinition<_genpod_agent_v1_ReplaceMatch, _genpod_agent_v1_ReplaceMatch__Output>
        RotateSecretsRequest: MessageTypeDefinition<_genpod_agent_v1_RotateSecretsRequest, _genpod_agent_v1_RotateSecretsRequest__Output>
        RotateSecretsResponse: MessageTypeDefinition<_genpod_agent_v1_RotateSecretsResponse, _genpod_agent_v1_RotateSecretsResponse__Output>
        SearchFilesMatch: MessageTypeDefinition<_genpod_agent_v1_SearchFilesMatch, _genpod_agent_v1_SearchFilesMatch__Output>
        SearchFilesRequest: MessageTypeDefinition<_genpod_agent_v1_SearchFilesRequest, _genpod_agent_v1_SearchFilesRequest__Output>
        SearchFilesResponse: MessageTypeDefinition<_genpod_agent_v1_SearchFilesResponse, _genpod_agent_v1_SearchFilesResponse__Output>
        SecretInfo: MessageTypeDefinition<_genpod_agent_v1_SecretInfo, _genpod_agent_v1_SecretInfo__Output>
        SecretList: MessageTypeDefinition<_genpod_agent_v1_SecretList, _genpod_agent_v1_SecretList__Output>
        SetPromptLabelRequest: MessageTypeDefinition<_genpod_agent_v1_SetPromptLabelRequest, _genpod_agent_v1_SetPromptLabelRequest__Output>
        SetSecretRequest: MessageTypeDefinition<_genpod_agent_v1_SetSecretRequest, _genpod_agent_v1_SetSecretRequest__Output>
        Setting: MessageTypeDefinition<_genpod_agent_v1_Setting, _genpod_agent_v1_Setting__Output>
        SettingChange: MessageTypeDefinition<_genpod_agent_v1_SettingChange, _genpod_agent_v1_SettingChange__Output>
        SettingList: MessageTypeDefinition<_genpod_agent_v1_SettingList, _genpod_agent_v1_SettingList__Output>
        SettingsChange: MessageTypeDefinition<_genpod_agent_v1_SettingsChange, _genpod_agent_v1_SettingsChange__Output>
        SettingsService: SubtypeConstructor<typeof grpc.Client, _genpod_agent_v1_SettingsServiceClient> & { service: _genpod_agent_v1_SettingsServiceDefinition }
        StreamDataRequest: MessageTypeDefinition<_genpod_agent_v1_StreamDataRequest, _genpod_agent_v1_StreamDataRequest__Output>
        TailLogsEvent: MessageTypeDefinition<_genpod_agent_v1_TailLogsEvent, _genpod_agent_v1_TailLogsEvent__Output>
        TailLogsRequest: MessageTypeDefinition<_genpod_agent_v1_TailLogsRequest, _genpod_agent_v1_TailLogsRequest__Output>
        TextEdit: MessageTypeDefinition<_genpod_agent_v1_TextEdit, _genpod_agent_v1_TextEdit__Output>
        TextRange: MessageTypeDefinition<_genpod_agent_v1_TextRange, _genpod_agent_v1_TextRange__Output>
        TreeEntry: MessageTypeDefinition<_genpod_agent_v1_TreeEntry, _genpod_agent_v1_TreeEntry__Output>
        UpdateSettingsRequest: MessageTypeDefinition<_genpod_agent_v1_UpdateSettingsRequest, _genpod_agent_v1_UpdateSettingsRequest__Output>
        UploadArchiveHeader: MessageTypeDefinition<_genpod_agent_v1_UploadArchiveHeader, _genpod_agent_v1_UploadArchiveHeader__Output>
        UploadArchiveRequest: MessageTypeDefinition<_genpod_agent_v1_UploadArchiveRequest, _genpod_agent_v1_UploadArchiveRequest__Output>
        UploadArchiveResponse: MessageTypeDefinition<_genpod_agent_v1_UploadArchiveResponse, _genpod_agent_v1_UploadArchiveResponse__Output>
        WatchPromptChangesRequest: MessageTypeDefinition<_genpod_agent_v1_WatchPromptChangesRequest, _genpod_agent_v1_WatchPromptChangesRequest__Output>
        WatchSettingsRequest: MessageTypeDefinition<_genpod_agent_v1_WatchSettingsRequest, _genpod_agent_v1_WatchSettingsRequest__Output>
        WriteFileRequest: MessageTypeDefinition<_genpod_agent_v1_WriteFileRequest, _genpod_agent_v1_WriteFileRequest__Output>
        WriteFilesRequest: MessageTypeDefinition<_genpod_agent_v1_WriteFilesRequest, _genpod_agent_v1_WriteFilesRequest__Output>
        WriteFilesResponse: MessageTypeDefinition<_genpod_agent_v1_WriteFilesResponse, _genpod_agent_v1_WriteFilesResponse__Output>
      }
    }
  }
}

