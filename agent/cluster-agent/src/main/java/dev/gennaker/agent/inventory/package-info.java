/**
 * Inventory and drift: the agent watches the objects it manages (selected by the managed-by label,
 * described by the tracking annotations), keeps a small fingerprint of each, and reports changes
 * that Gennaker did not make, naming the field managers that made them.
 */
package dev.gennaker.agent.inventory;
