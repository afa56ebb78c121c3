package dev.gennaker.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and opens page tokens: an implementation's cursor (for DynamoDB, the last evaluated key)
 * wrapped with the tenant and query it belongs to and signed with HMAC-SHA256. Callers treat tokens
 * as opaque. Opening verifies the signature first (constant-time), then that the tenant and query
 * match the current call, so a token replayed by another tenant or on another query is refused with
 * {@link InvalidPageTokenException}. Thread-safe.
 */
public final class PageTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;

  /** {@code key} is the HMAC key, at least 32 bytes, shared by every instance serving a tenant. */
  public PageTokens(byte[] key) {
    if (key == null || key.length < 32) {
      throw new IllegalArgumentException("page token key must be at least 32 bytes");
    }
    this.key = key.clone();
  }

  /**
   * Wraps {@code cursor} for {@code tenant} and {@code query}. {@code query} names the listing and
   * its parameters (for example {@code "stages:" + executionId}).
   */
  public String issue(TenantId tenant, String query, Map<String, String> cursor) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("t", tenant.value());
    body.put("q", query);
    body.put("c", cursor);
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode page token", e);
    }
    return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
  }

  /** Returns the cursor inside {@code token}, or throws {@link InvalidPageTokenException}. */
  public Map<String, String> open(TenantId tenant, String query, String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0) {
      throw new InvalidPageTokenException("page token is malformed");
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = B64D.decode(token.substring(0, dot));
      signature = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidPageTokenException("page token is malformed");
    }
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      throw new InvalidPageTokenException("page token signature does not verify");
    }
    Map<?, ?> body;
    try {
      body = JSON.readValue(payload, Map.class);
    } catch (java.io.IOException e) {
      throw new InvalidPageTokenException("page token is malformed");
    }
    if (!tenant.value().equals(body.get("t"))) {
      throw new InvalidPageTokenException("page token was issued to another tenant");
    }
    if (!query.equals(body.get("q"))) {
      throw new InvalidPageTokenException("page token was issued for another query");
    }
    Map<String, String> cursor = new LinkedHashMap<>();
    if (body.get("c") instanceof Map<?, ?> c) {
      c.forEach((k, v) -> cursor.put(String.valueOf(k), String.valueOf(v)));
    }
    return cursor;
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A convenience for tests and local mode: a key derived from a passphrase. */
  public static PageTokens withPassphrase(String passphrase) {
    try {
      return new PageTokens(
          MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
