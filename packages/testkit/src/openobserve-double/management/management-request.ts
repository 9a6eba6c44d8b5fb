import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import type { ManagementStore } from './management-store.js';

/** One management API request, routed: the path parameters after the organization. */
export interface ManagementRequest {
  method: string;
  org: string;
  /** Path parameters after `{org}`, decoded. */
  params: string[];
  query: URLSearchParams;
  contentType: string | undefined;
  body: Buffer;
}

/** What the handlers share. */
export interface ManagementContext {
  store: ManagementStore;
  /** The logged-in user, owner of what it creates. */
  email: string;
  /** The stored trace rows of a stream (the stream exists once it has rows). */
  streamRows(org: string, stream: string): OpenObserveRow[];
  /** Loopback and private webhook URLs pass the SSRF check (OpenObserve's `ZO_SSRF_ALLOW_*`); default false. */
  allowPrivateDestinations: boolean;
}

/**
 * The `folder` query parameter, `default` when absent (`common::utils::http::get_folder`).
 *
 * @example
 * ```ts
 * folderParameter(new URLSearchParams('folder=7')); // '7'
 * ```
 */
export function folderParameter(query: URLSearchParams): string {
  return query.get('folder') ?? 'default';
}
