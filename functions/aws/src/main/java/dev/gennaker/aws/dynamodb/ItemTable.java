package dev.gennaker.aws.dynamodb;

import dev.gennaker.aws.JsonCodec;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What every DynamoDB adapter needs from the table: consistent gets, conditional puts and versioned
 * updates that fail with core's exceptions, one-query pages with signed tokens, and the JSON codec
 * for the {@code doc} attribute. Every SDK failure leaves as a core exception; messages carry ids,
 * never item contents.
 */
final class ItemTable {
  private final DynamoDbClient dynamo;
  private final String tableName;
  private final PageTokens tokens;

  ItemTable(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.dynamo = dynamo;
    this.tableName = tableName;
    this.tokens = tokens;
  }

  String tableName() {
    return tableName;
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static String doc(Object record) {
    return JsonCodec.write(record);
  }

  static <T> T read(Map<String, AttributeValue> item, Class<T> type) {
    return JsonCodec.read(item.get(TableSchema.DOC).s(), type);
  }

  static long version(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(TableSchema.VERSION);
    return v == null ? 0 : Long.parseLong(v.n());
  }

  /** A new item map with key, type, version and document. */
  static Map<String, AttributeValue> item(
      String pk, String sk, String type, long version, Object record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableSchema.PK, s(pk));
    item.put(TableSchema.SK, s(sk));
    item.put(TableSchema.TYPE, s(type));
    item.put(TableSchema.VERSION, n(version));
    item.put(TableSchema.DOC, s(doc(record)));
    return item;
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(TableSchema.PK, s(pk), TableSchema.SK, s(sk));
  }

  DynamoDbClient dynamo() {
    return dynamo;
  }

  /** Runs an SDK call, turning transport and service failures into core's exception. */
  static <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
      throw e;
    } catch (DynamoDbException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw new StoreUnavailableException("DynamoDB " + what + " failed: " + code, e);
    } catch (SdkException e) {
      throw new StoreUnavailableException("DynamoDB " + what + " failed", e);
    }
  }

  /** The item, read strongly consistently, or empty. */
  Optional<Map<String, AttributeValue>> get(String pk, String sk) {
    Map<String, AttributeValue> item =
        call(
            "GetItem",
            () ->
                dynamo
                    .getItem(b -> b.tableName(tableName).key(key(pk, sk)).consistentRead(true))
                    .item());
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** Puts an item that must not exist yet. */
  void putNew(Map<String, AttributeValue> item, Supplier<String> alreadyExists) {
    try {
      call(
          "PutItem",
          () ->
              dynamo.putItem(
                  b ->
                      b.tableName(tableName)
                          .item(item)
                          .conditionExpression("attribute_not_exists(#pk)")
                          .expressionAttributeNames(Map.of("#pk", TableSchema.PK))));
    } catch (ConditionalCheckFailedException e) {
      throw new AlreadyExistsException(alreadyExists.get());
    }
  }

  /** Replaces an item that must exist. */
  void putExisting(Map<String, AttributeValue> item, Supplier<String> notFound) {
    try {
      call(
          "PutItem",
          () ->
              dynamo.putItem(
                  b ->
                      b.tableName(tableName)
                          .item(item)
                          .conditionExpression("attribute_exists(#pk)")
                          .expressionAttributeNames(Map.of("#pk", TableSchema.PK))));
    } catch (ConditionalCheckFailedException e) {
      throw new NotFoundException(notFound.get());
    }
  }

  /** Puts an item unless one with the same key exists (then keeps the existing one). */
  void putIfAbsent(Map<String, AttributeValue> item) {
    try {
      putNew(item, () -> "");
    } catch (AlreadyExistsException kept) {
      // idempotent append: the first write stays
    }
  }

  /** Puts (creates or replaces) an item without condition. */
  void put(Map<String, AttributeValue> item) {
    call("PutItem", () -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
  }

  void delete(String pk, String sk) {
    call("DeleteItem", () -> dynamo.deleteItem(b -> b.tableName(tableName).key(key(pk, sk))));
  }

  /**
   * Sets {@code set} and bumps the version to {@code expected + 1}, only if the stored version is
   * {@code expected}; removes the attributes in {@code remove}.
   *
   * @throws NotFoundException if there is no item
   * @throws ConflictException if its version moved on
   */
  void updateVersioned(
      String pk,
      String sk,
      long expected,
      Map<String, AttributeValue> set,
      List<String> remove,
      String what) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> sets = new ArrayList<>();
    names.put("#v", TableSchema.VERSION);
    values.put(":expected", n(expected));
    values.put(":next", n(expected + 1));
    sets.add("#v = :next");
    int i = 0;
    for (Map.Entry<String, AttributeValue> e : set.entrySet()) {
      names.put("#a" + i, e.getKey());
      values.put(":a" + i, e.getValue());
      sets.add("#a" + i + " = :a" + i);
      i++;
    }
    StringBuilder expression = new StringBuilder("SET ").append(String.join(", ", sets));
    if (!remove.isEmpty()) {
      List<String> removes = new ArrayList<>();
      for (String attribute : remove) {
        names.put("#r" + removes.size(), attribute);
        removes.add("#r" + removes.size());
      }
      expression.append(" REMOVE ").append(String.join(", ", removes));
    }
    try {
      call(
          "UpdateItem",
          () ->
              dynamo.updateItem(
                  b ->
                      b.tableName(tableName)
                          .key(key(pk, sk))
                          .updateExpression(expression.toString())
                          .conditionExpression("#v = :expected")
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values)
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    } catch (ConditionalCheckFailedException e) {
      if (!e.hasItem() || e.item().isEmpty()) {
        throw new NotFoundException(what + " does not exist");
      }
      throw new ConflictException(
          what + " changed: expected version " + expected + ", stored " + version(e.item()));
    }
  }

  /**
   * Runs a transaction. On cancellation returns the reason code per item ("None" for items that
   * passed); on success returns an empty list.
   */
  List<String> transact(List<TransactWriteItem> items) {
    try {
      call("TransactWriteItems", () -> dynamo.transactWriteItems(b -> b.transactItems(items)));
      return List.of();
    } catch (TransactionCanceledException e) {
      List<String> codes = new ArrayList<>();
      e.cancellationReasons().forEach(r -> codes.add(r.code() == null ? "None" : r.code()));
      if (codes.stream().noneMatch("ConditionalCheckFailed"::equals)) {
        throw new ConflictException("transaction conflicted with a concurrent write: " + codes);
      }
      return codes;
    }
  }

  /** The key condition of one query: partition value and optional sort key prefix. */
  record KeyQuery(Optional<String> index, String partition, Optional<String> sortPrefix) {
    static KeyQuery table(String pk, String skPrefix) {
      return new KeyQuery(Optional.empty(), pk, Optional.of(skPrefix));
    }

    static KeyQuery wholePartition(String pk) {
      return new KeyQuery(Optional.empty(), pk, Optional.empty());
    }

    static KeyQuery index(String index, String pk) {
      return new KeyQuery(Optional.of(index), pk, Optional.empty());
    }

    String pkAttribute() {
      return index.map(i -> i + "pk").orElse(TableSchema.PK);
    }

    String skAttribute() {
      return index.map(i -> i + "sk").orElse(TableSchema.SK);
    }
  }

  /**
   * One page with exactly one Query: asks for one item more than the page holds, so the page knows
   * whether a next page exists without a second request.
   */
  <T> Page<T> page(
      TenantId tenant,
      String queryName,
      KeyQuery q,
      boolean oldestFirst,
      PageRequest request,
      Function<Map<String, AttributeValue>, T> decode) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#p", q.pkAttribute());
    values.put(":p", s(q.partition()));
    String condition = "#p = :p";
    if (q.sortPrefix().isPresent()) {
      names.put("#s", q.skAttribute());
      values.put(":s", s(q.sortPrefix().get()));
      condition += " AND begins_with(#s, :s)";
    }
    QueryRequest.Builder query =
        QueryRequest.builder()
            .tableName(tableName)
            .keyConditionExpression(condition)
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .scanIndexForward(oldestFirst)
            .limit(request.limit() + 1);
    q.index().ifPresent(query::indexName);
    if (q.index().isEmpty()) {
      query.consistentRead(true);
    }
    if (request.token().isPresent()) {
      Map<String, String> cursor = tokens.open(tenant, queryName, request.token().get());
      Map<String, AttributeValue> start = new HashMap<>();
      cursor.forEach((k, v) -> start.put(k, s(v)));
      // The cursor's partition must be the one queried: a signed token is never reused elsewhere.
      if (!q.partition().equals(cursor.get(q.pkAttribute()))) {
        throw new InvalidPageTokenException("page token was issued for another query");
      }
      query.exclusiveStartKey(start);
    }
    QueryRequest built = query.build();
    QueryResponse response = call("Query", () -> dynamo.query(built));
    List<Map<String, AttributeValue>> items = response.items();
    boolean more = items.size() > request.limit();
    List<Map<String, AttributeValue>> shown = more ? items.subList(0, request.limit()) : items;
    List<T> out = new ArrayList<>(shown.size());
    for (Map<String, AttributeValue> item : shown) {
      out.add(decode.apply(item));
    }
    Optional<String> next = Optional.empty();
    if (more) {
      Map<String, AttributeValue> last = shown.get(shown.size() - 1);
      Map<String, String> cursor = new LinkedHashMap<>();
      cursor.put(TableSchema.PK, last.get(TableSchema.PK).s());
      cursor.put(TableSchema.SK, last.get(TableSchema.SK).s());
      if (q.index().isPresent()) {
        cursor.put(q.pkAttribute(), last.get(q.pkAttribute()).s());
        cursor.put(q.skAttribute(), last.get(q.skAttribute()).s());
      }
      next = Optional.of(tokens.issue(tenant, queryName, cursor));
    }
    return new Page<>(out, next);
  }
}
