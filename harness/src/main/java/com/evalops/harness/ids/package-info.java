/**
 * Names that become paths or object keys. Every id a request carries (run ids, sample ids, golden,
 * config and model versions, days, weeks, months, scopes) follows one pattern, checked where the
 * request arrives and again where a path or key is built; a reference to a file must stand under
 * one of the engine's own folders. Pure: the API, the activities and the stores ask these classes,
 * so the rule has one home.
 */
package com.evalops.harness.ids;
