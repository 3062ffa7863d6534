// Original file: protos/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateDirectoryRequest as _genpod_agent_v1_CreateDirectoryRequest, CreateDirectoryRequest__Output as _genpod_agent_v1_CreateDirectoryRequest__Output } from '../../../genpod/agent/v1/CreateDirectoryRequest.ts';
import type { DataUpdate as _genpod_agent_v1_DataUpdate, DataUpdate__Output as _genpod_agent_v1_DataUpdate__Output } from '../../../genpod/agent/v1/DataUpdate.ts';
import type { DeletePathRequest as _genpod_agent_v1_DeletePathRequest, DeletePathRequest__Output as _genpod_agent_v1_DeletePathRequest__Output } from '../../../genpod/agent/v1/DeletePathRequest.ts';
import type { DeletePathResponse as _genpod_agent_v1_DeletePathResponse, DeletePathResponse__Output as _genpod_agent_v1_DeletePathResponse__Output } from '../../../genpod/agent/v1/DeletePathResponse.ts';
import type { FileEntry as _genpod_agent_v1_FileEntry, FileEntry__Output as _genpod_agent_v1_FileEntry__Output } from '../../../genpod/agent/v1/FileEntry.ts';
import type { ListTreeRequest as _genpod_agent_v1_ListTreeRequest, ListTreeRequest__Output as _genpod_agent_v1_ListTreeRequest__Output } from '../../../genpod/agent/v1/ListTreeRequest.ts';
import type { MovePathRequest as _genpod_agent_v1_MovePathRequest, MovePathRequest__Output as _genpod_agent_v1_MovePathRequest__Output } from '../../../genpod/agent/v1/MovePathRequest.ts';
import type { ReadFileRequest as _genpod_agent_v1_ReadFileRequest, ReadFileRequest__Output as _genpod_agent_v1_ReadFileRequest__Output } from '../../../genpod/agent/v1/ReadFileRequest.ts';
import type { SearchFilesRequest as _genpod_agent_v1_SearchFilesRequest, SearchFilesRequest__Output as _genpod_agent_v1_SearchFilesRequest__Output } from '../../../genpod/agent/v1/SearchFilesRequest.ts';
import type { SearchFilesResponse as _genpod_agent_v1_SearchFilesResponse, SearchFilesResponse__Output as _genpod_agent_v1_SearchFilesResponse__Output } from '../../../genpod/agent/v1/SearchFilesResponse.ts';
import type { StreamDataRequest as _genpod_agent_v1_StreamDataRequest, StreamDataRequest__Output as _genpod_agent_v1_StreamDataRequest__Output } from '../../../genpod/agent/v1/StreamDataRequest.ts';
import type { TreeEntry as _genpod_agent_v1_TreeEntry, TreeEntry__Output as _genpod_agent_v1_TreeEntry__Output } from '../../../genpod/agent/v1/TreeEntry.ts';
import type { WriteFileRequest as _genpod_agent_v1_WriteFileRequest, WriteFileRequest__Output as _genpod_agent_v1_WriteFileRequest__Output } from '../../../genpod/agent/v1/WriteFileRequest.ts';
import type { WriteFilesRequest as _genpod_agent_v1_WriteFilesRequest, WriteFilesRequest__Output as _genpod_agent_v1_WriteFilesRequest__Output } from '../../../genpod/agent/v1/WriteFilesRequest.ts';
import type { WriteFilesResponse as _genpod_agent_v1_WriteFilesResponse, WriteFilesResponse__Output as _genpod_agent_v1_WriteFilesResponse__Output } from '../../../genpod/agent/v1/WriteFilesResponse.ts';

export interface AgentServiceClient extends grpc.Client {
  CreateDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  CreateDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  CreateDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  CreateDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  createDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  createDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  createDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  createDirectory(argument: _genpod_agent_v1_CreateDirectoryRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  
  DeletePath(argument: _genpod_agent_v1_DeletePathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  DeletePath(argument: _genpod_agent_v1_DeletePathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  DeletePath(argument: _genpod_agent_v1_DeletePathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  DeletePath(argument: _genpod_agent_v1_DeletePathRequest, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  deletePath(argument: _genpod_agent_v1_DeletePathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  deletePath(argument: _genpod_agent_v1_DeletePathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  deletePath(argument: _genpod_agent_v1_DeletePathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  deletePath(argument: _genpod_agent_v1_DeletePathRequest, callback: grpc.requestCallback<_genpod_agent_v1_DeletePathResponse__Output>): grpc.ClientUnaryCall;
  
  ListTree(argument: _genpod_agent_v1_ListTreeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  ListTree(argument: _genpod_agent_v1_ListTreeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  ListTree(argument: _genpod_agent_v1_ListTreeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  ListTree(argument: _genpod_agent_v1_ListTreeRequest, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  listTree(argument: _genpod_agent_v1_ListTreeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  listTree(argument: _genpod_agent_v1_ListTreeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  listTree(argument: _genpod_agent_v1_ListTreeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  listTree(argument: _genpod_agent_v1_ListTreeRequest, callback: grpc.requestCallback<_genpod_agent_v1_TreeEntry__Output>): grpc.ClientUnaryCall;
  
  MovePath(argument: _genpod_agent_v1_MovePathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  MovePath(argument: _genpod_agent_v1_MovePathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  MovePath(argument: _genpod_agent_v1_MovePathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  MovePath(argument: _genpod_agent_v1_MovePathRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  movePath(argument: _genpod_agent_v1_MovePathRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  movePath(argument: _genpod_agent_v1_MovePathRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  movePath(argument: _genpod_agent_v1_MovePathRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  movePath(argument: _genpod_agent_v1_MovePathRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  
  ReadFile(argument: _genpod_agent_v1_ReadFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _genpod_agent_v1_ReadFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _genpod_agent_v1_ReadFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  ReadFile(argument: _genpod_agent_v1_ReadFileRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  readFile(argument: _genpod_agent_v1_ReadFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  readFile(argument: _genpod_agent_v1_ReadFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  readFile(argument: _genpod_agent_v1_ReadFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  readFile(argument: _genpod_agent_v1_ReadFileRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  
  SearchFiles(argument: _genpod_agent_v1_SearchFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  SearchFiles(argument: _genpod_agent_v1_SearchFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  SearchFiles(argument: _genpod_agent_v1_SearchFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  SearchFiles(argument: _genpod_agent_v1_SearchFilesRequest, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  searchFiles(argument: _genpod_agent_v1_SearchFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  searchFiles(argument: _genpod_agent_v1_SearchFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  searchFiles(argument: _genpod_agent_v1_SearchFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  searchFiles(argument: _genpod_agent_v1_SearchFilesRequest, callback: grpc.requestCallback<_genpod_agent_v1_SearchFilesResponse__Output>): grpc.ClientUnaryCall;
  
  StreamData(argument: _genpod_agent_v1_StreamDataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  StreamData(argument: _genpod_agent_v1_StreamDataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  streamData(argument: _genpod_agent_v1_StreamDataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  streamData(argument: _genpod_agent_v1_StreamDataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_genpod_agent_v1_DataUpdate__Output>;
  
  WriteFile(argument: _genpod_agent_v1_WriteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _genpod_agent_v1_WriteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _genpod_agent_v1_WriteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  WriteFile(argument: _genpod_agent_v1_WriteFileRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _genpod_agent_v1_WriteFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _genpod_agent_v1_WriteFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _genpod_agent_v1_WriteFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  writeFile(argument: _genpod_agent_v1_WriteFileRequest, callback: grpc.requestCallback<_genpod_agent_v1_FileEntry__Output>): grpc.ClientUnaryCall;
  
  WriteFiles(argument: _genpod_agent_v1_WriteFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  WriteFiles(argument: _genpod_agent_v1_WriteFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  WriteFiles(argument: _genpod_agent_v1_WriteFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  WriteFiles(argument: _genpod_agent_v1_WriteFilesRequest, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  writeFiles(argument: _genpod_agent_v1_WriteFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  writeFiles(argument: _genpod_agent_v1_WriteFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  writeFiles(argument: _genpod_agent_v1_WriteFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  writeFiles(argument: _genpod_agent_v1_WriteFilesRequest, callback: grpc.requestCallback<_genpod_agent_v1_WriteFilesResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateDirectory: grpc.handleUnaryCall<_genpod_agent_v1_CreateDirectoryRequest__Output, _genpod_agent_v1_FileEntry>;
  
  DeletePath: grpc.handleUnaryCall<_genpod_agent_v1_DeletePathRequest__Output, _genpod_agent_v1_DeletePathResponse>;
  
  ListTree: grpc.handleUnaryCall<_genpod_agent_v1_ListTreeRequest__Output, _genpod_agent_v1_TreeEntry>;
  
  MovePath: grpc.handleUnaryCall<_genpod_agent_v1_MovePathRequest__Output, _genpod_agent_v1_FileEntry>;
  
  ReadFile: grpc.handleUnaryCall<_genpod_agent_v1_ReadFileRequest__Output, _genpod_agent_v1_FileEntry>;
  
  SearchFiles: grpc.handleUnaryCall<_genpod_agent_v1_SearchFilesRequest__Output, _genpod_agent_v1_SearchFilesResponse>;
  
  StreamData: grpc.handleServerStreamingCall<_genpod_agent_v1_StreamDataRequest__Output, _genpod_agent_v1_DataUpdate>;
  
  WriteFile: grpc.handleUnaryCall<_genpod_agent_v1_WriteFileRequest__Output, _genpod_agent_v1_FileEntry>;
  
  WriteFiles: grpc.handleUnaryCall<_genpod_agent_v1_WriteFilesRequest__Output, _genpod_agent_v1_WriteFilesResponse>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  CreateDirectory: MethodDefinition<_genpod_agent_v1_CreateDirectoryRequest, _genpod_agent_v1_FileEntry, _genpod_agent_v1_CreateDirectoryRequest__Output, _genpod_agent_v1_FileEntry__Output>
  DeletePath: MethodDefinition<_genpod_agent_v1_DeletePathRequest, _genpod_agent_v1_DeletePathResponse, _genpod_agent_v1_DeletePathRequest__Output, _genpod_agent_v1_DeletePathResponse__Output>
  ListTree: MethodDefinition<_genpod_agent_v1_ListTreeRequest, _genpod_agent_v1_TreeEntry, _genpod_agent_v1_ListTreeRequest__Output, _genpod_agent_v1_TreeEntry__Output>
  MovePath: MethodDefinition<_genpod_agent_v1_MovePathRequest, _genpod_agent_v1_FileEntry, _genpod_agent_v1_MovePathRequest__Output, _genpod_agent_v1_FileEntry__Output>
  ReadFile: MethodDefinition<_genpod_agent_v1_ReadFileRequest, _genpod_agent_v1_FileEntry, _genpod_agent_v1_ReadFileRequest__Output, _genpod_agent_v1_FileEntry__Output>
  SearchFiles: MethodDefinition<_genpod_agent_v1_SearchFilesRequest, _genpod_agent_v1_SearchFilesResponse, _genpod_agent_v1_SearchFilesRequest__Output, _genpod_agent_v1_SearchFilesResponse__Output>
  StreamData: MethodDefinition<_genpod_agent_v1_StreamDataRequest, _genpod_agent_v1_DataUpdate, _genpod_agent_v1_StreamDataRequest__Output, _genpod_agent_v1_DataUpdate__Output>
  WriteFile: MethodDefinition<_genpod_agent_v1_WriteFileRequest, _genpod_agent_v1_FileEntry, _genpod_agent_v1_WriteFileRequest__Output, _genpod_agent_v1_FileEntry__Output>
  WriteFiles: MethodDefinition<_genpod_agent_v1_WriteFilesRequest, _genpod_agent_v1_WriteFilesResponse, _genpod_agent_v1_WriteFilesRequest__Output, _genpod_agent_v1_WriteFilesResponse__Output>
}
