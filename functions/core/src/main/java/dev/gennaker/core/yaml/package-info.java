/**
 * YAML documents with source positions, and the diagnostics users see when a document they wrote (a
 * pipeline file, a tenant declaration) is wrong: every problem at once, compiler style.
 */
package dev.gennaker.core.yaml;
