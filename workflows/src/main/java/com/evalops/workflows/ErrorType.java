package com.evalops.workflows;

/** The types of non-retryable failures activities raise; workflows branch on them. */
public enum ErrorType {
  /** The data or request breaks the contract: retrying gives the same answer. */
  INVALID_INPUT,
  /** Something the request names does not exist (config version, golden version, run). */
  NOT_FOUND,
  /**
   * The world moved under the request (the config in force changed while a proposal waited for
   * approval): retrying cannot help, a new analysis must be made on the new state.
   */
  CONFLICT
}
