/** Test fixtures: the in-process fake control plane and a polling helper. */
package dev.gennaker.agent.testing;
