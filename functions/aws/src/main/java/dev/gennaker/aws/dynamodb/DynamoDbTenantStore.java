package dev.gennaker.aws.dynamodb;

import static dev.gennaker.aws.dynamodb.ItemTable.item;
import static dev.gennaker.aws.dynamodb.ItemTable.key;

import dev.gennaker.aws.dynamodb.ItemTable.KeyQuery;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.tenant.TenantStore;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@link TenantStore} on the single table: the tenant item ({@code TENANT}) and its members ({@code
 * MEMBER#<userId>}) share the tenant's partition {@code T#<tenant>}.
 */
public final class DynamoDbTenantStore implements TenantStore {
  private final ItemTable table;

  public DynamoDbTenantStore(DynamoDbClient dynamo, String tableName, PageTokens tokens) {
    this.table = new ItemTable(dynamo, tableName, tokens);
  }

  @Override
  public void createTenant(Tenant tenant) {
    table.putNew(
        item(ItemKeys.tenant(tenant.id()), "TENANT", "TENANT", 1, tenant),
        () -> "tenant " + tenant.id() + " already exists");
  }

  @Override
  public Optional<Tenant> getTenant(TenantId id) {
    return table.get(ItemKeys.tenant(id), "TENANT").map(i -> ItemTable.read(i, Tenant.class));
  }

  @Override
  public void updateTenant(Tenant tenant) {
    table.putExisting(
        item(ItemKeys.tenant(tenant.id()), "TENANT", "TENANT", 1, tenant),
        () -> "tenant " + tenant.id() + " does not exist");
  }

  @Override
  public void deleteTenant(TenantId id) {
    java.util.Optional<String> token = java.util.Optional.empty();
    do {
      Page<Member> page = listMembers(id, new PageRequest(100, token));
      for (Member m : page.items()) {
        table.delete(ItemKeys.tenant(id), "MEMBER#" + m.userId());
      }
      token = page.nextToken();
    } while (token.isPresent());
    table.delete(ItemKeys.tenant(id), "TENANT");
  }

  @Override
  public void putMember(Member member) {
    String pk = ItemKeys.tenant(member.tenant());
    List<String> reasons =
        table.transact(
            List.of(
                TransactWriteItem.builder()
                    .conditionCheck(
                        ConditionCheck.builder()
                            .tableName(table.tableName())
                            .key(key(pk, "TENANT"))
                            .conditionExpression("attribute_exists(pk)")
                            .build())
                    .build(),
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName(table.tableName())
                            .item(item(pk, "MEMBER#" + member.userId(), "MEMBER", 1, member))
                            .build())
                    .build()));
    if (!reasons.isEmpty()) {
      throw new NotFoundException("tenant " + member.tenant() + " does not exist");
    }
  }

  @Override
  public Optional<Member> getMember(TenantId tenant, String userId) {
    return table
        .get(ItemKeys.tenant(tenant), "MEMBER#" + userId)
        .map(i -> ItemTable.read(i, Member.class));
  }

  @Override
  public Page<Member> listMembers(TenantId tenant, PageRequest page) {
    return table.page(
        tenant,
        "members",
        KeyQuery.table(ItemKeys.tenant(tenant), "MEMBER#"),
        true,
        page,
        i -> ItemTable.read(i, Member.class));
  }

  @Override
  public void removeMember(TenantId tenant, String userId) {
    table.delete(ItemKeys.tenant(tenant), "MEMBER#" + userId);
  }
}
