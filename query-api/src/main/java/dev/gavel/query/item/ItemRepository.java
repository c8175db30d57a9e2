package dev.gavel.query.item;

import io.micronaut.data.mongodb.annotation.MongoRepository;
import io.micronaut.data.repository.CrudRepository;

/** The items collection. */
@MongoRepository
public interface ItemRepository extends CrudRepository<ItemDoc, String> {
}
