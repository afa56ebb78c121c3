/** Signing a tenant up: everything it needs, made completely or not at all. */
package dev.gennaker.core.onboarding;
