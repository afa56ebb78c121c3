/**
 * The files of an application's repository at a commit, as stages read them (manifests, charts,
 * value files): a port, with GitHub and local-folder adapters elsewhere.
 */
package dev.gennaker.core.source;
