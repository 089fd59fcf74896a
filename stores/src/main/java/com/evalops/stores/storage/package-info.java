/**
 * Storage building blocks shared by the stores: on the local file system atomic writes and
 * cross-thread and cross-process locks; for S3 the client factory, locations and object access
 * (with atomic create-if-absent); SHA-256 and the JSON mapper of stored records.
 */
package com.evalops.stores.storage;
