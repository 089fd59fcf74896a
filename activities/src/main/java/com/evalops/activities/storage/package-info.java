/**
 * Local-filesystem building blocks shared by the stores: atomic writes, cross-thread and
 * cross-process locks, SHA-256 and the JSON mapper of stored records.
 */
package com.evalops.activities.storage;
