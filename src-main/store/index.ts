// The console's cache: open it, apply what sub-centres send, queue commands, query it.
export { openStore, getCacheId, durabilitySettings, StoreError, type Store, type StoreCommit, type ChangeKind, type OpenStoreOptions, type DurabilitySettings, type WriteContext } from './store.ts';
export { SCHEMA_VERSION } from './schema.ts';
export { applyEventBatch, applySnapshot, type BatchResult, type SnapshotResult, type ApplyOptions } from './apply.ts';
export { enqueueCommand, pendingCommands, countPendingCommands, markCommandSent, recordCommandResult, getOutboxEntry, type PendingCommand } from './outbox.ts';
export { getResume, getStoredLink, recordLinkStatus, countRejected, type StoredLink, type LinkStatusPatch } from './links.ts';
export * from './queries.ts';
