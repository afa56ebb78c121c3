package dev.gennaker.core.tenant;

/** What a member or API key may do inside its tenant, from least to most. */
public enum Role {
  VIEWER,
  DEPLOYER,
  EDITOR,
  ADMIN
}
