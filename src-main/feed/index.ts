// The SFP/1 feed client: one link per sub-centre, managed together.
export { FeedManager, type FeedManagerOptions, type FeedEndpoint } from './feed-manager.ts';
export { StreetSubcentreLink, feedUrl, describeConnectError, type StreetSubcentreLinkOptions } from './subcentre-link.ts';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
