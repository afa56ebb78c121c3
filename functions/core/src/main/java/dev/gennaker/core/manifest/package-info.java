/**
 * Kubernetes manifests as the bake stage shapes them: parsing with file and line, versioned
 * ConfigMaps and Secrets with every reference to them rewritten, image artifacts bound into
 * containers, and tracking annotations. Pure functions over manifest trees; no cluster access.
 */
package dev.gennaker.core.manifest;
