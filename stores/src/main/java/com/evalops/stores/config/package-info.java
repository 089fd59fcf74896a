/**
 * Versioned router configs (data contract §3): every change creates a new version, earlier versions
 * stay readable, a pointer names the one in force, and each change lands in the Change Log.
 */
package com.evalops.stores.config;
